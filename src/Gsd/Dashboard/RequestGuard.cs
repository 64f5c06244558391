using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gsd.Dashboard;

/// <summary>
/// Who may do what (ARCHITECTURE §12): on a loopback address only requests naming a loopback Host (so a page on another
/// site that rebinds its DNS name to 127.0.0.1 is refused); every state-changing request needs the token (header
/// <c>X-Gsd-Token</c> or query <c>token</c>) and, when the browser sends an Origin, this server's own.
/// </summary>
internal sealed class RequestGuard(DashboardOptions options, bool loopback)
{
    public const string TokenHeader = "X-Gsd-Token";

    /// <summary>Null when the request may read; otherwise why not.</summary>
    public string? RefuseRead(HttpRequest request) =>
        loopback && !IsLoopbackHost(request.Host.Host) ? $"Host '{request.Host}' is not this dashboard's (use 127.0.0.1 or localhost)." : null;

    /// <summary>Null when the request may change state; otherwise why not (answered with 403).</summary>
    public string? RefuseWrite(HttpRequest request)
    {
        if (RefuseRead(request) is { } host)
        {
            return host;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return $"Origin '{origin}' is not this dashboard's.";
        }
        if (options.Token is null)
        {
            return null;
        }
        var given = request.Headers[TokenHeader].ToString();
        if (given.Length == 0)
        {
            given = request.Query["token"].ToString();
        }
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(options.Token))
            ? null
            : $"Missing or wrong token: send the one `gsd dashboard` printed, as header {TokenHeader} or query parameter token.";
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
