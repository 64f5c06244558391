using System.Text;

namespace Gsd.Agents;

/// <summary>
/// Appends an agent's stdout and stderr to its log file as they arrive (both streams share the file), a whole line at a
/// time: the raw event log <c>gsd parallel logs</c> renders (ARCHITECTURE §5).
/// </summary>
internal sealed class AgentLogWriter : IDisposable
{
    private readonly FileStream? _stream;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Lock _lock = new();

    private AgentLogWriter(FileStream? stream)
    {
        _stream = stream;
    }

    public static AgentLogWriter Open(string? path)
    {
        if (path is null)
        {
            return new AgentLogWriter(null);
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        return new AgentLogWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
    }

    public void AppendLine(string line, bool newline)
    {
        if (_stream is null || (line.Length == 0 && !newline))
        {
            return;
        }
        var bytes = Utf8.GetBytes(newline ? line + "\n" : line);
        lock (_lock)
        {
            _stream.Write(bytes);
            // Flushed per chunk so `tail -f` on the log follows the agent live.
            _stream.Flush();
        }
    }

    public void Dispose() => _stream?.Dispose();
}
