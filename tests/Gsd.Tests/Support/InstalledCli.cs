namespace Gsd.Tests.Support;

/// <summary>What the pinned agent CLIs the end-to-end tests run (<c>ClaudeCli</c>, <c>CodexCli</c>) have in common.</summary>
public static class InstalledCli
{
    /// <summary>
    /// Where to look for <paramref name="package"/>'s executable: <paramref name="overrideVariable"/> alone when set (a wrong
    /// explicit choice must not pass on another copy), else <c>&lt;repo&gt;/.tools/&lt;package&gt;/node_modules/.bin/&lt;package&gt;</c>.
    /// </summary>
    public static IEnumerable<string> Candidates(string overrideVariable, string package)
    {
        if (Environment.GetEnvironmentVariable(overrideVariable) is { Length: > 0 } fromEnv)
        {
            yield return fromEnv;
            yield break;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gsd.slnx")))
            {
                yield return Path.Combine(dir.FullName, ".tools", package, "node_modules", ".bin", package);
                yield break;
            }
        }
    }

    /// <summary>
    /// The offline environment both CLIs get, plus <paramref name="own"/>: a throwaway HOME, loopback not proxied, and
    /// none of the machine's proxies (whatever the machine running the tests has set must not reach the CLI).
    /// </summary>
    public static Dictionary<string, string?> OfflineEnvironment(string home, IReadOnlyDictionary<string, string?> own)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["HTTP_PROXY"] = null,
            ["HTTPS_PROXY"] = null,
            ["http_proxy"] = null,
            ["https_proxy"] = null,
        };
        foreach (var (name, value) in own)
        {
            env[name] = value;
        }
        return env;
    }
}
