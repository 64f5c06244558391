using System.Text.Json;

namespace Gsd.Planning;

/// <summary>Shared reader settings and line counting for the small JSON planning files (META, QUEUE-ORDER).</summary>
internal static class JsonLines
{
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>1-based line of a JSON error (System.Text.Json counts from 0).</summary>
    public static int ErrorLine(JsonException ex) => (int)(ex.LineNumber ?? 0) + 1;

    public static string ErrorText(JsonException ex)
    {
        // The message repeats the position ("LineNumber: 2 | BytePositionInLine: 7."); the problem carries the line.
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    /// <summary>Counts lines forward from a previous position, so reading N entries stays linear.</summary>
    public sealed class Counter(byte[] bytes)
    {
        private long index;
        private int line = 1;

        public int LineAt(long position)
        {
            for (; index < position && index < bytes.Length; index++)
            {
                if (bytes[index] == (byte)'\n')
                {
                    line++;
                }
            }
            return line;
        }
    }
}
