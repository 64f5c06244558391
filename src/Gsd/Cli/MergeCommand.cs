using System.CommandLine;
using Spectre.Console;
using Gsd.Layout;
using Gsd.Merge;
using Gsd.Preferences;
using Gsd.Rendering;

namespace Gsd.Cli;

/// <summary><c>gsd parallel merge [MID] [--yes] [--json]</c>: squash-merge completed milestones into their integration branch.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var command = new Command("merge", "Squash-merge completed milestones (all, in id order, or one) into their integration branch");
        var mid = new Argument<string?>("MID") { Description = "One milestone (default: every completed one, in id order)", Arity = ArgumentArity.ZeroOrOne };
        var json = JsonOption.Create();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (auto_merge: confirm)" };
        command.Arguments.Add(mid);
        command.Options.Add(json);
        command.Options.Add(yes);
        GsdCli.SetHandler(command, async (ctx, ct) =>
        {
            var (_, prefs, paths) = ParallelCommand.Open(ctx);
            var runner = new MilestoneMerger(paths, prefs.Preferences, TimeProvider.System);
            var id = ctx.Parse.GetValue(mid);
            if (id is not null && !MilestoneId.IsValid(id))
            {
                throw new GsdException($"'{id}' is not a milestone id (M###).", ExitCodes.Usage);
            }
            var ids = id is null ? await runner.CandidatesAsync(ct).ConfigureAwait(false) : [id];
            var asJson = ctx.Parse.GetValue(json);
            if (ids.Count == 0)
            {
                if (asJson)
                {
                    ParallelCommand.WriteJson(new MergeReport([]));
                }
                else
                {
                    ctx.Out.WriteLine("Nothing to merge: no milestone branch is complete and unmerged. See `gsd parallel status`.");
                }
                return ExitCodes.Ok;
            }
            // confirm asks on a terminal; manual and auto never ask (manual: the user already asked by running merge).
            if (prefs.Preferences.Parallel.AutoMerge == AutoMerge.Confirm && !ctx.Parse.GetValue(yes) && !asJson
                && CommandContext.StdOutIsTerminal && !Console.IsInputRedirected
                && !await ctx.Out.ConfirmAsync($"Merge {string.Join(", ", ids)}?", true, ct).ConfigureAwait(false))
            {
                ctx.Out.WriteLine("Nothing merged.");
                return ExitCodes.Ok;
            }
            var results = await runner.MergeAllAsync(ids, ct).ConfigureAwait(false);
            if (asJson)
            {
                ParallelCommand.WriteJson(new MergeReport(results.Select(MergeReportItem.From).ToList()));
            }
            else
            {
                MergeRenderer.Render(ctx.Out, results);
            }
            // All: failure when one hit a conflict or failed (the rest were then not attempted). One named: failure unless it landed.
            var ok = id is null ? results.All(r => r.Outcome is not (MergeOutcome.Conflict or MergeOutcome.Failed)) : results.All(runner.IsOnIntegrationBranch);
            return ok ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
