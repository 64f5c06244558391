using System.Text;

namespace Gsd.Agents;

/// <summary>Cuts text arriving in chunks into lines (without their '\n' or a trailing '\r').</summary>
internal sealed class LineSplitter
{
    private readonly StringBuilder _partial = new();

    public List<string> Add(ReadOnlySpan<char> chunk)
    {
        var lines = new List<string>();
        while (true)
        {
            var end = chunk.IndexOf('\n');
            if (end < 0)
            {
                _partial.Append(chunk);
                return lines;
            }
            _partial.Append(chunk[..end]);
            if (_partial.Length > 0 && _partial[^1] == '\r')
            {
                _partial.Length--;
            }
            lines.Add(_partial.ToString());
            _partial.Clear();
            chunk = chunk[(end + 1)..];
        }
    }

    /// <summary>What came after the last '\n', or null when nothing did.</summary>
    public string? TakeRest()
    {
        if (_partial.Length == 0)
        {
            return null;
        }
        var rest = _partial.ToString();
        _partial.Clear();
        return rest;
    }
}
