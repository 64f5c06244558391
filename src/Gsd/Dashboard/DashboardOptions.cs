using System.Net;
using System.Security.Cryptography;

namespace Gsd.Dashboard;

/// <summary>
/// Where <c>gsd dashboard</c> listens and what it asks of a request. <paramref name="Token"/> is null under
/// <c>--no-token</c>: state-changing requests then need only a same-origin (or no) Origin.
/// </summary>
public sealed record DashboardOptions(string Host, int Port, string? Token)
{
    public const string DefaultHost = "127.0.0.1";

    /// <summary>A fresh random token per start: 128 bits, hex, so it is safe in a URL.</summary>
    public static string NewToken() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>The address to bind: an IP literal, or <c>localhost</c> (loopback). Anything else is a usage error.</summary>
    public IPAddress Address() =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(Host.Trim('[', ']'), out var ip) ? ip
        : throw new GsdException($"--host {Host}: not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or localhost.", ExitCodes.Usage);

    /// <summary>Validates the options before anything listens: a usage error (exit 2) names the bad value.</summary>
    public DashboardOptions Checked()
    {
        _ = Address();
        return Port is < 0 or > 65535
            ? throw new GsdException($"--port {Port}: not a TCP port (0-65535; 0 picks a free one).", ExitCodes.Usage)
            : this;
    }
}
