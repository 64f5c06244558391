namespace Gsd.Tests.Support.ResponsesStandIn;

/// <summary>
/// The pinned Codex CLI the end-to-end tests run: <c>GSD_CODEX_BIN</c> when set, else the copy
/// <c>.ci/install-codex.sh</c> puts in <c>&lt;repo&gt;/.tools/codex</c>; and the throwaway CODEX_HOME that points it at a
/// <see cref="ResponsesStandIn"/> (the real <c>~/.codex</c> is never read or written).
/// </summary>
public static class CodexCli
{
    public const string InstallScript = ".ci/install-codex.sh";

    /// <summary>Variable the stand-in provider's <c>env_key</c> names; codex sends its value as the bearer token.</summary>
    public const string KeyVariable = "GSD_STANDIN_OPENAI_KEY";

    /// <summary>The model the tests configure: unknown to codex's catalog, so it offers its classic tools (exec_command).</summary>
    public const string Model = "standin-model";

    /// <summary>
    /// The executable. Where it could not be installed (no npm, no registry) the test is skipped saying so; under CI
    /// (<c>CI</c> set), which installs it, a missing CLI fails instead.
    /// </summary>
    public static string RequirePath()
    {
        var path = Candidates().FirstOrDefault(File.Exists);
        if (path is not null)
        {
            return path;
        }
        var message =
            $"The Codex CLI is not installed: run `bash {InstallScript}` in the repository (it installs @openai/codex " +
            $"into .tools/codex), or set GSD_CODEX_BIN. Looked in: {string.Join(", ", Candidates())}";
        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            Assert.Fail(message);
        }
        Assert.Skip(message);
        return path!;
    }

    /// <summary>
    /// Writes <c>config.toml</c> into <paramref name="codexHome"/>: the stand-in as the model provider, no update check,
    /// analytics or feedback upload.
    /// </summary>
    public static string Home(ResponsesStandIn standIn, string codexHome)
    {
        Directory.CreateDirectory(codexHome);
        File.WriteAllText(Path.Combine(codexHome, "config.toml"), $"""
            model_provider = "standin"
            check_for_update_on_startup = false

            [analytics]
            enabled = false

            [feedback]
            enabled = false

            [model_providers.standin]
            name = "gsd test stand-in"
            base_url = "{standIn.BaseUrl}"
            env_key = "{KeyVariable}"
            wire_api = "responses"

            """);
        return codexHome;
    }

    /// <summary>Environment for running the CLI offline against <paramref name="standIn"/>, with a throwaway HOME and CODEX_HOME.</summary>
    public static Dictionary<string, string?> OfflineEnvironment(ResponsesStandIn standIn, string home) => InstalledCli.OfflineEnvironment(home, new Dictionary<string, string?>
    {
        ["CODEX_HOME"] = Home(standIn, Path.Combine(home, ".codex")),
        [KeyVariable] = "test",
        ["OPENAI_API_KEY"] = null,
        ["OPENAI_BASE_URL"] = null,
        ["CODEX_API_KEY"] = null,
        ["CODEX_SANDBOX"] = null,
        ["CODEX_THREAD_ID"] = null,
    });

    private static IEnumerable<string> Candidates() => InstalledCli.Candidates("GSD_CODEX_BIN", "codex");
}
