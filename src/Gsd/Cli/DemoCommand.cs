using System.CommandLine;
using Spectre.Console;
using Gsd.Demo;
using Gsd.Layout;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Protocol;
using Gsd.Rendering;

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
    /// With auto_merge: auto the coordinator has merged each milestone as it completed (which started M004, then M005);
    /// what is left is the account: what merged, anything that did not and why, and the final queue.
    /// </summary>
    private static Task AfterRunAsync(CommandContext ctx, string root, ParallelRunResult result)
    {
        ctx.Out.WriteLine();
        foreach (var (id, run) in result.Final.Milestones.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ctx.Out.WriteLine(run.State == RunState.Merged
                ? $"{id}: merged into main as {run.MergedCommit?[..Math.Min(8, run.MergedCommit.Length)]}"
                : $"{id}: {run.State.Name()}{(run.Error is null ? string.Empty : $" — {run.Error}")}");
        }
        ctx.Out.WriteLine();
        ctx.Out.WriteLine("The milestones now (`gsd queue`):");
        QueueRenderer.Render(ctx.Out, PlanningLoader.Load(root));
        ctx.Out.WriteLine();
        ctx.Out.WriteLine("Look around:");
        ctx.Out.WriteLine($"  cd {root}");
        ctx.Out.WriteLine("  gsd parallel status         # the run, from the files in .gsd/parallel/");
        ctx.Out.WriteLine("  git log --oneline --graph   # one squash commit per milestone on main");
        ctx.Out.WriteLine("  cat app/FEATURES.md         # two milestones edited it in parallel; both landed");
        return Task.CompletedTask;
    }
}
