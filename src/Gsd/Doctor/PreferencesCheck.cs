using Gsd.Layout;
using Gsd.Preferences;

namespace Gsd.Doctor;

/// <summary>Bad preference values are errors (each naming file, line, key and what is allowed); likely typos are warnings; GSD-2 settings gsd ignores are info.</summary>
internal sealed class PreferencesCheck : IDoctorCheck
{
    public string Name => "preferences";

    public Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        var issues = new List<DoctorIssue>();
        IReadOnlyList<PreferenceWarning> warnings;
        try
        {
            warnings = PreferencesLoader.Load(context.Root).Warnings;
        }
        catch (PreferencesException ex)
        {
            if (ex.Errors.Count == 0)
            {
                issues.Add(Invalid(ex.Message));
            }
            issues.AddRange(ex.Errors.Select(e => Invalid(e.Message)));
            // The loader gives no warnings when it fails; read them file by file so typos still show next to the errors.
            warnings = WarningsOf(context.Root);
        }
        foreach (var w in warnings.DistinctBy(w => w.Message))
        {
            issues.Add(w.Kind == PreferenceWarningKind.UnknownKey
                ? new DoctorIssue(DoctorCodes.PreferencesUnknownKey, DoctorSeverity.Warning, w.Message) { NotFixableReason = "edit the file: doctor does not guess what was meant" }
                : new DoctorIssue(DoctorCodes.PreferencesIgnoredSetting, DoctorSeverity.Info, w.Message) { NotFixableReason = "nothing to fix: other GSD tools may use it" });
        }
        return Task.FromResult<IReadOnlyList<DoctorIssue>>(issues);
    }

    private static DoctorIssue Invalid(string message) =>
        new(DoctorCodes.PreferencesInvalid, DoctorSeverity.Error, message) { NotFixableReason = "edit the file: doctor does not guess the value you want" };

    private static List<PreferenceWarning> WarningsOf(string root)
    {
        var warnings = new List<PreferenceWarning>();
        var project = PreferencePaths.FindProjectFile(root);
        foreach (var file in new[] { PreferencePaths.FindGlobalFile(), project }.Distinct())
        {
            if (file is null)
            {
                continue;
            }
            try
            {
                var display = PreferencePaths.Display(file, file == project ? root : null);
                warnings.AddRange(PreferenceFileParser.Parse(display, File.ReadAllText(file)).Warnings);
            }
            catch (IOException)
            {
                // Unreadable: the loader already reported it as an error.
            }
        }
        return warnings;
    }
}
