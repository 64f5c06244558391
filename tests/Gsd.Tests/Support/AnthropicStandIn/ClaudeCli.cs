namespace Gsd.Tests.Support.AnthropicStandIn;

/// <summary>
/// The pinned Claude Code CLI the end-to-end tests run: <c>GSD_CLAUDE_BIN</c> when set, else the
/// copy <c>.ci/install-claude.sh</c> puts in <c>&lt;repo&gt;/.tools/claude</c>.
/// </summary>
public static class ClaudeCli
{
    public const string InstallScript = ".ci/install-claude.sh";

    /// <summary>The executable, or a failure telling how to install it (CI installs it; a missing CLI is never a skip).</summary>
    public static string RequirePath()
    {
        var path = FindPath();
        if (path is null)
        {
            Assert.Fail(
                $"The Claude Code CLI is not installed: run `bash {InstallScript}` in the repository " +
                $"(it installs @anthropic-ai/claude-code into .tools/claude), or set GSD_CLAUDE_BIN. Looked in: {string.Join(", ", Candidates())}");
        }
        return path!;
    }

    /// <summary>Environment for running the CLI offline against <paramref name="standIn"/>, with a throwaway HOME.</summary>
    public static Dictionary<string, string?> OfflineEnvironment(AnthropicStandIn standIn, string home) => InstalledCli.OfflineEnvironment(home, new Dictionary<string, string?>
    {
        ["ANTHROPIC_BASE_URL"] = standIn.BaseUrl,
        ["ANTHROPIC_API_KEY"] = "test",
        ["DISABLE_AUTOUPDATER"] = "1",
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["ANTHROPIC_AUTH_TOKEN"] = null,
        ["ANTHROPIC_MODEL"] = null,
        ["CLAUDE_CONFIG_DIR"] = null,
        ["CLAUDECODE"] = null,
        ["CLAUDE_CODE_ENTRYPOINT"] = null,
    });

    private static string? FindPath() => Candidates().FirstOrDefault(File.Exists);

    private static IEnumerable<string> Candidates() => InstalledCli.Candidates("GSD_CLAUDE_BIN", "claude");
}
