namespace Gsd.Dashboard;

/// <summary>A dashboard that serves until disposed, wherever its web server runs (this process or the gsd-dashboard binary).</summary>
public interface IServingDashboard : IAsyncDisposable
{
    /// <summary>The page's address, with the token when one is needed: <c>http://HOST:PORT/?token=TOKEN</c>.</summary>
    string Url { get; }
}
