using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Gsd.Tests.Dashboard;

/// <summary>A real <c>gsd dashboard</c> (or any command that prints <c>Dashboard: URL</c>) in the background, with an HttpClient on it; interrupted on dispose.</summary>
internal sealed partial class RunningDashboard : IDisposable
{
    private RunningDashboard(GsdProcess process, string url)
    {
        Process = process;
        Url = url;
        var uri = new Uri(url);
        BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        Token = Regex.Match(uri.Query, "token=([0-9a-f]+)").Groups[1].Value;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public GsdProcess Process { get; }

    /// <summary>The URL as printed, token included.</summary>
    public string Url { get; }

    public Uri BaseAddress { get; }

    public string Token { get; }

    public HttpClient Http { get; }

    public static RunningDashboard Start(GsdLauncher launcher, params string[] args)
    {
        var process = launcher.Start(args);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            if (DashboardLine().Match(process.StdOut) is { Success: true } m)
            {
                return new RunningDashboard(process, m.Groups[1].Value);
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var text = process.ToString();
                process.Dispose();
                throw new ShouldAssertException($"`gsd {string.Join(' ', args)}` printed no `Dashboard: URL` line:\n{text}");
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>A POST to a control: token and Origin as given (null: not sent), optional JSON body.</summary>
    public async Task<(int Status, string Body)> PostAsync(string path, string? token, string? origin = null, string? json = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (token is not null)
        {
            request.Headers.Add("X-Gsd-Token", token);
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!Process.HasExited)
        {
            Process.Signal(Gsd.Processes.NativeMethods.SIGTERM);
            Process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        Process.Dispose();
    }

    [GeneratedRegex(@"Dashboard: (http://\S+)")]
    private static partial Regex DashboardLine();
}
