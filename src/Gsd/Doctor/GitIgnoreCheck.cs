using Gsd.IO;
using Gsd.Layout;
using Gsd.Planning;

namespace Gsd.Doctor;

/// <summary><c>.gsd/.gitignore</c> must cover every runtime file (ARCHITECTURE §2); the repair appends the missing lines, as <c>gsd init</c> does.</summary>
internal sealed class GitIgnoreCheck : IDoctorCheck
{
    private const string Header = "# gsd runtime files: written by workers and the coordinator, never committed.\n";

    public string Name => "gitignore";

    public Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        var path = GsdPaths.GitIgnoreFile(context.Root);
        var exists = File.Exists(path);
        var missing = ProjectInitializer.MissingIgnores(exists ? File.ReadAllText(path) : string.Empty);
        if (missing.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<DoctorIssue>>([]);
        }
        var message = exists
            ? $".gsd/.gitignore lacks {string.Join(", ", missing)}: those runtime files could end up in commits"
            : $".gsd/.gitignore is missing: runtime files ({string.Join(", ", missing)}) could end up in commits";
        return Task.FromResult<IReadOnlyList<DoctorIssue>>([new DoctorIssue(DoctorCodes.GitignoreMissing, DoctorSeverity.Warning, message)
        {
            Fix = _ => Task.FromResult(Append(path)),
        }]);
    }

    private static FixResult Append(string path)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : null;
        var missing = ProjectInitializer.MissingIgnores(existing ?? string.Empty);
        if (missing.Count == 0)
        {
            return FixResult.Skipped("nothing to add any more");
        }
        var lines = string.Join('\n', missing) + "\n";
        if (existing is null)
        {
            AtomicFile.WriteAllText(path, Header + lines);
            return FixResult.Done($"created .gsd/.gitignore with {string.Join(", ", missing)}");
        }
        var separator = existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : "\n";
        AtomicFile.WriteAllText(path, existing + separator + lines);
        return FixResult.Done($"appended {string.Join(", ", missing)} to .gsd/.gitignore");
    }
}
