using System.Text;

namespace Gsd.Agents;

/// <summary>Text an agent printed, kept up to a limit by dropping the oldest part: results come last.</summary>
internal sealed class CapturedText(int keep)
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (_lock)
        {
            _text.Append(chunk);
            if (_text.Length > keep * 2)
            {
                _text.Remove(0, _text.Length - keep);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.Length > keep ? _text.ToString(_text.Length - keep, keep) : _text.ToString();
        }
    }
}
