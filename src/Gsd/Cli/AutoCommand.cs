using System.CommandLine;
using Gsd.Auto;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary>
/// <c>gsd auto [--json]</c>: the worker. Solo, it works the first eligible milestone in the current checkout; as a
/// parallel worker the coordinator sets GSD_MILESTONE_LOCK, GSD_PARALLEL_WORKER=1 and GSD_PROJECT_ROOT.
/// </summary>
internal static class AutoCommand
{
    public static Command Create()
    {
        var command = new Command("auto", "Drive the next milestone (or GSD_MILESTONE_LOCK) through its units with the configured agent until it is complete");
        var json = JsonOption.Create();
        command.Options.Add(json);
        GsdCli.SetHandler(command, async (ctx, ct) =>
        {
            var checkout = ctx.ProjectRoot;
            var parallel = Environment.GetEnvironmentVariable("GSD_PARALLEL_WORKER") == "1";
            var projectRoot = Environment.GetEnvironmentVariable("GSD_PROJECT_ROOT") is { Length: > 0 } pr ? Path.GetFullPath(pr) : checkout;
            var locked = Environment.GetEnvironmentVariable("GSD_MILESTONE_LOCK") is { Length: > 0 } l ? l : null;
            var prefs = PreferencesOutput.Load(checkout);
            var options = new AutoOptions(projectRoot, checkout, locked, parallel, Protocol.Timings.FromEnvironment());

            // SIGTERM (from `gsd parallel stop` or the coordinator) and Ctrl-C cancel ct: the agent's process group is
            // stopped, the unit ends as interrupted, its work is saved and the worker writes state `stopped` before exiting.
            GsdCli.GracefulStop = true;

            using var renderer = AutoRenderer.Create(ctx.Parse.GetValue(json), CommandContext.StdOutIsTerminal);
            var loop = new WorkerLoop(options, prefs.Preferences, TimeProvider.System, renderer.Report);
            var outcome = await loop.RunAsync(ct).ConfigureAwait(false);
            return outcome.ExitCode;
        });
        return command;
    }
}
