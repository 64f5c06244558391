using System.CommandLine;
using Gsd.Demo;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Rendering;
using Spectre.Console;

namespace Gsd.Cli;

/// <summary>
/// <c>gsd demo [DIR]</c>: a scratch repository with a small app and five planned milestones, parallel mode on with the
/// simulated agent, run in the foreground with the live dashboard — the whole flow in well under a minute.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Make a scratch project with five milestones and run them in parallel with a simulated agent (no model is called)");
        var dir = new Argument<string?>("DIR") { Description = "A new or empty directory for the scratch project (default: a new one under the temp folder)", Arity = ArgumentArity.ZeroOrOne };
        var delay = new Option<string>("--delay") { Description = "How long each simulated agent unit takes", DefaultValueFactory = _ => "700ms" };
        command.Arguments.Add(dir);
        command.Options.Add(delay);
        GsdCli.SetHandler(command, async (ctx, ct) =>
        {
            var rawDelay = ctx.Parse.GetValue(delay) ?? "700ms";
            if (!DurationText.TryParse(rawDelay, out var agentDelay))
            {
                throw new GsdException($"--delay {rawDelay}: not a duration (e.g. 300ms, 1s).", ExitCodes.Usage);
            }
            ParallelCommand.WidenWhenRedirected(ctx);
            var root = Path.GetFullPath(ctx.Parse.GetValue(dir) ?? DemoProject.DefaultDirectory(), ctx.WorkingDirectory);
            ctx.Out.WriteLine($"gsd demo: making a scratch project in {root}");
            ctx.Out.WriteLine("The agent is gsd's simulated one (agent.kind: sim): it writes the planned files itself; no model is called.");
            await DemoProject.CreateAsync(root, agentDelay, ct).ConfigureAwait(false);
            var prefs = PreferencesLoader.Load(root).Preferences;
            ParallelGate.Check(prefs);
            var paths = new ParallelPaths(root);

            ctx.Out.WriteLine();
            ctx.Out.WriteLine("The milestones (`gsd queue`):");
            QueueRenderer.Render(ctx.Out, PlanningLoader.Load(root));
            ctx.Out.WriteLine();
            ctx.Out.WriteLine("`gsd parallel start --foreground` — which milestones may run at once:");
            var plan = new ParallelStarter(paths, prefs, TimeProvider.System).Plan();
            ParallelRenderer.RenderEligibility(ctx.Out, plan.Report);
            var result = await ForegroundRun.RunAsync(ctx, paths, prefs, plan.ToStart, ct, TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
            await AfterRunAsync(ctx, root, result).ConfigureAwait(false);
            return result.ExitCode;
        });
        return command;
    }

    /// <summary>
    /// Merge hook: once `gsd parallel merge` exists, merge the milestones complete on their branches here (in id order),
    /// run the coordinator again for what that unblocks (M004, then M005), and show the final queue.
    /// Until then the demo shows where things stand and how to look around.
    /// </summary>
    private static Task AfterRunAsync(CommandContext ctx, string root, ParallelRunResult result)
    {
        var complete = result.Final.Milestones.Where(kv => kv.Value.State == RunStates.Complete).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        ctx.Out.WriteLine();
        if (complete.Count > 0)
        {
            ctx.Out.WriteLine($"Complete on their branches: {string.Join(", ", complete.Select(id => $"{id} ({ParallelPaths.Branch(id)})"))}.");
            ctx.Out.WriteLine("They both edited app/FEATURES.md, each in its own section; `gsd parallel merge` lands them on main, which unblocks M004 and then M005.");
        }
        ctx.Out.WriteLine();
        ctx.Out.WriteLine("Look around:");
        ctx.Out.WriteLine($"  cd {root}");
        ctx.Out.WriteLine("  gsd parallel status         # the run, from the files in .gsd/parallel/");
        ctx.Out.WriteLine("  gsd queue                   # every milestone and what it waits for");
        ctx.Out.WriteLine("  git log --oneline --graph --all");
        return Task.CompletedTask;
    }
}
