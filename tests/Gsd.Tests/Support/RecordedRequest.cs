namespace Gsd.Tests.Support;

/// <summary>A request a loopback stand-in received, and how it answered it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string Body, string Answer)
{
    public override string ToString() => $"{Method} {PathAndQuery} -> {Answer} ({Body.Length} bytes)";
}
