using Gsd.IO;

namespace Gsd.Parallel;

/// <summary>Reads and updates merges.json under a guard so two merges at once never lose each other's record.</summary>
public sealed class MergeLedger(ParallelPaths paths)
{
    private string FilePath => Path.Combine(paths.Directory, "merges.json");

    public MergeLedgerFile Read()
    {
        try
        {
            return JsonFile.Read(FilePath, GsdJsonContext.Default.MergeLedgerFile) ?? new MergeLedgerFile();
        }
        catch (GsdException)
        {
            return new MergeLedgerFile();
        }
    }

    public MergeRecord? Find(string milestoneId) => Read().Milestones.GetValueOrDefault(milestoneId);

    public void Update(string milestoneId, Func<MergeRecord?, MergeRecord> change)
    {
        Directory.CreateDirectory(paths.Directory);
        using var guard = FileGuard.Acquire(FilePath + ".guard.lock");
        var file = Read();
        file.Milestones[milestoneId] = change(file.Milestones.GetValueOrDefault(milestoneId));
        JsonFile.Write(FilePath, file, GsdJsonContext.Default.MergeLedgerFile);
    }
}
