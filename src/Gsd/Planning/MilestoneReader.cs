using Gsd.Layout;

namespace Gsd.Planning;

/// <summary>
/// Reads one milestone directory into a <see cref="Milestone"/> from its files alone. The status is final for
/// Complete, Parked and Ghost; otherwise it is Ready here and <see cref="PlanningLoader"/> decides Ready or Blocked
/// once every milestone's own status is known. Each directory is listed once and each file read at most once.
/// </summary>
internal sealed class MilestoneReader
{
    private readonly string id;
    private readonly string directory;
    private readonly string relativeDirectory;
    private readonly List<Problem> problems = [];
    private readonly DirectoryListing listing;

    private MilestoneReader(string root, string id)
    {
        this.id = id;
        directory = Path.Combine(GsdPaths.MilestonesDirectory(root), id);
        relativeDirectory = $"{GsdPaths.RelativeMilestonesDirectory}/{id}";
        listing = DirectoryListing.Read(directory, Source(relativeDirectory, directory));
    }

    /// <summary>Reads the milestone whose directory is <c>.gsd/milestones/&lt;id&gt;</c>; the id must be valid.</summary>
    public static Milestone Read(string root, string id) => new MilestoneReader(root, id).Read();

    /// <summary>Only what decides Complete/Parked/Ghost (for a dependency's status): SUMMARY, PARKED and which files exist.</summary>
    public static MilestoneStatus ReadOwnStatus(string root, string id)
    {
        var reader = new MilestoneReader(root, id);
        var summary = reader.ReadFile("SUMMARY.md", SummaryParser.Parse);
        return reader.OwnStatus(summary, out _);
    }

    private Milestone Read()
    {
        var context = ReadFile("CONTEXT.md", ContextParser.Parse);
        var roadmap = ReadFile("ROADMAP.md", RoadmapParser.Parse);
        var summary = ReadFile("SUMMARY.md", SummaryParser.Parse);
        var hasDraft = Has("CONTEXT-DRAFT.md");
        ContextDocument? draft = null;
        var draftRead = false;
        ContextDocument? Draft()
        {
            if (!draftRead)
            {
                draftRead = true;
                draft = ReadFile("CONTEXT-DRAFT.md", ContextParser.Parse);
            }
            return draft;
        }

        var status = OwnStatus(summary, out var failure);
        if (failure is not null)
        {
            problems.Add(new Problem(
                ProblemCodes.FailureReport,
                $"{id} is not complete: its SUMMARY is a failure report ({failure.FailureReason})",
                Relative($"{id}-SUMMARY.md"),
                failure.FailureLine,
                id));
        }
        if (status == MilestoneStatus.Ghost)
        {
            problems.Add(new Problem(
                ProblemCodes.Ghost,
                $"{id} has none of {id}-CONTEXT.md, -CONTEXT-DRAFT.md, -ROADMAP.md, -SUMMARY.md; it is listed as a ghost and never run",
                relativeDirectory,
                null,
                id));
        }

        var (title, titleSource) = ChooseTitle(roadmap, context, Draft, summary);

        // depends_on (and files:) come from CONTEXT; from the draft only when there is no CONTEXT file at all
        // (an unreadable CONTEXT is reported, not silently replaced by its draft).
        var hasContext = Has("CONTEXT.md");
        var dependencySource = hasContext ? listing.File($"{id}-CONTEXT.md")! : listing.File($"{id}-CONTEXT-DRAFT.md") ?? "";
        var contextForDependencies = hasContext ? context : hasDraft ? Draft() : null;
        var dependsOn = new List<string>();
        var sources = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (dep, line) in contextForDependencies?.DependsOn ?? [])
        {
            dependsOn.Add(dep);
            sources[dep] = new SourceLocation(Relative(dependencySource), line);
        }

        // A depends_on that could not be read must not read as "no dependencies": the milestone would start too early.
        var unreadableDependencies = problems.FirstOrDefault(p =>
            p.Code == ProblemCodes.MalformedFrontmatter && p.Path == Relative(dependencySource) && p.Message.StartsWith("frontmatter is not valid YAML", StringComparison.Ordinal));

        var slices = roadmap is null ? [] : ReadSlices(roadmap);
        var files = new List<string>();
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        void AddFiles(IEnumerable<string> paths)
        {
            foreach (var path in paths)
            {
                if (seenFiles.Add(path))
                {
                    files.Add(path);
                }
            }
        }
        AddFiles(contextForDependencies?.Files ?? []);
        foreach (var slice in slices)
        {
            foreach (var task in slice.Tasks)
            {
                AddFiles(task.Files);
            }
            AddFiles(slice.FilesLikelyTouched);
        }

        var meta = ReadFile("META.json", MetaParser.ReadIntegrationBranch);
        return new Milestone(
            id,
            title,
            status,
            dependsOn,
            slices,
            roadmap?.Format ?? RoadmapFormat.None,
            directory,
            HasContext: hasContext,
            HasRoadmap: Has("ROADMAP.md"),
            HasSummary: Has("SUMMARY.md"),
            IsParked: Has("PARKED.md"),
            IntegrationBranch: meta,
            FilesTouched: files)
        {
            TitleSource = titleSource,
            HasContextDraft = hasDraft,
            SummaryIsFailureReport = failure is not null,
            DependencySources = sources,
            UnreadableDependencies = unreadableDependencies,
            Problems = problems,
        };
    }

    /// <summary>Complete (a SUMMARY that is no failure report), else Parked, else Ghost (no milestone-level file), else Ready.</summary>
    private MilestoneStatus OwnStatus(SummaryDocument? summary, out SummaryDocument? failure)
    {
        failure = summary is { IsFailureReport: true } ? summary : null;
        if (summary is { IsFailureReport: false })
        {
            return MilestoneStatus.Complete;
        }
        if (Has("PARKED.md"))
        {
            return MilestoneStatus.Parked;
        }
        if (!Has("CONTEXT.md") && !Has("CONTEXT-DRAFT.md") && !Has("ROADMAP.md") && !Has("SUMMARY.md"))
        {
            return MilestoneStatus.Ghost;
        }
        return MilestoneStatus.Ready;
    }

    /// <summary>ROADMAP H1 when it carries a title, else CONTEXT H1, else CONTEXT-DRAFT H1, else SUMMARY title or H1.</summary>
    private static (string, TitleSource) ChooseTitle(
        RoadmapDocument? roadmap, ContextDocument? context, Func<ContextDocument?> draft, SummaryDocument? summary)
    {
        var title = MilestoneTitle.Clean(roadmap?.Heading);
        if (title.Length > 0)
        {
            return (title, TitleSource.Roadmap);
        }
        title = MilestoneTitle.Clean(context?.Heading);
        if (title.Length > 0)
        {
            return (title, TitleSource.Context);
        }
        title = MilestoneTitle.Clean(draft()?.Heading);
        if (title.Length > 0)
        {
            return (title, TitleSource.ContextDraft);
        }
        return summary is { Title.Length: > 0 } ? (summary.Title, TitleSource.Summary) : ("", TitleSource.None);
    }

    private List<Slice> ReadSlices(RoadmapDocument roadmap)
    {
        var slices = new List<Slice>(roadmap.Slices.Count);
        if (roadmap.Slices.Count == 0)
        {
            return slices;
        }
        var slicesPath = Path.Combine(directory, "slices");
        var slicesListing = listing.Directory("slices") is { } slicesName
            ? DirectoryListing.Read(Path.Combine(directory, slicesName), Source($"{relativeDirectory}/slices", slicesPath))
            : DirectoryListing.Missing;
        foreach (var declared in roadmap.Slices)
        {
            if (!MilestoneId.IsPathSafe(declared.Id))
            {
                problems.Add(new Problem(
                    ProblemCodes.InvalidId,
                    $"slice id '{declared.Id}' could escape its folder (it contains '/', '\\', '..' or starts with '-'); the slice is skipped",
                    Relative($"{id}-ROADMAP.md"),
                    declared.Line,
                    id));
                continue;
            }
            slices.Add(ReadSlice(declared, slicesListing));
        }
        return slices;
    }

    private Slice ReadSlice(RoadmapSlice declared, DirectoryListing slicesListing)
    {
        var sliceId = declared.Id;
        var dirName = slicesListing.Directory(sliceId);
        if (dirName is null)
        {
            return new Slice(sliceId, declared.Title, declared.Done, declared.DependsOn, declared.Risk, declared.Line, false, false, [], []);
        }
        var sliceDir = Path.Combine(directory, "slices", dirName);
        var relSliceDir = $"{relativeDirectory}/slices/{dirName}";
        var sliceListing = DirectoryListing.Read(sliceDir, Source(relSliceDir, sliceDir));

        // HasPlan means the file exists, even if it cannot be read: a worker must never re-plan over it.
        PlanDocument? plan = null;
        var planName = sliceListing.File($"{sliceId}-PLAN.md");
        if (planName is not null)
        {
            var file = Source($"{relSliceDir}/{planName}", Path.Combine(sliceDir, planName));
            plan = file.Parse(PlanParser.Parse);
        }
        // A slice's done state is its roadmap tick, so a failure-report slice SUMMARY is recorded but not reported:
        // real successful summaries tell stories like "the first verification failed because ...".
        var hasSummary = false;
        var summaryIsFailure = false;
        if (sliceListing.File($"{sliceId}-SUMMARY.md") is { } summaryName)
        {
            var file = Source($"{relSliceDir}/{summaryName}", Path.Combine(sliceDir, summaryName));
            if (file.Parse(SummaryParser.Parse) is { } summary)
            {
                summaryIsFailure = summary.IsFailureReport;
                hasSummary = !summaryIsFailure;
            }
        }

        var tasks = new List<PlannedTask>();
        if (plan is { Tasks.Count: > 0 })
        {
            var tasksListing = sliceListing.Directory("tasks") is { } tasksName
                ? DirectoryListing.Read(Path.Combine(sliceDir, tasksName), Source($"{relSliceDir}/{tasksName}", Path.Combine(sliceDir, tasksName)))
                : DirectoryListing.Missing;
            foreach (var task in plan.Tasks)
            {
                if (!MilestoneId.IsPathSafe(task.Id))
                {
                    problems.Add(new Problem(
                        ProblemCodes.InvalidId,
                        $"task id '{task.Id}' could escape its folder (it contains '/', '\\', '..' or starts with '-'); the task is skipped",
                        $"{relSliceDir}/{planName}",
                        task.Line,
                        id));
                    continue;
                }
                var done = task.Done || tasksListing.File($"{task.Id}-SUMMARY.md") is not null;
                tasks.Add(done == task.Done ? task : task with { Done = done });
            }
        }
        return new Slice(
            sliceId,
            declared.Title,
            declared.Done,
            declared.DependsOn,
            declared.Risk,
            declared.Line,
            HasPlan: planName is not null,
            HasSummary: hasSummary,
            Tasks: tasks,
            FilesLikelyTouched: plan?.FilesLikelyTouched ?? [])
        {
            SummaryIsFailureReport = summaryIsFailure,
        };
    }

    private bool Has(string suffix) => listing.File($"{id}-{suffix}") is not null;

    private T? ReadFile<T>(string suffix, Func<string, SourceFile, T?> parse)
        where T : class
    {
        if (listing.File($"{id}-{suffix}") is not { } name)
        {
            return null;
        }
        var file = Source($"{relativeDirectory}/{name}", Path.Combine(directory, name));
        return file.Parse(parse);
    }

    private string Relative(string fileName) => $"{relativeDirectory}/{fileName}";

    private SourceFile Source(string relativePath, string fullPath) => new(fullPath, relativePath, id, problems);
}
