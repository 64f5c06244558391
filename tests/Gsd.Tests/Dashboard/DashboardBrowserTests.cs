using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gsd.Tests.Dashboard;

/// <summary>
/// The page in a real browser (headless Chromium over the DevTools protocol) on a real run of the sim agent: it shows
/// the workers, follows a worker as it advances, and its Pause button pauses that worker (its status file says so).
/// Skips, saying why, only where Chromium is missing and scripts/browser.sh could not install it.
/// </summary>
public sealed class DashboardBrowserTests
{
    [Fact(Timeout = Hang.EndToEnd)]
    public async Task The_page_shows_a_live_run_and_its_pause_button_pauses_the_worker()
    {
        var chromium = HeadlessChromium.Find();
        if (chromium is null)
        {
            Assert.Skip("chromium is not installed (run scripts/browser.sh as root; CI does)");
        }
        using var project = new DashboardTestProject(milestones: 2, delay: "1500ms", tasks: 4);
        using var dashboard = RunningDashboard.Start(project.Launcher, "dashboard");
        await using var page = await HeadlessChromium.OpenAsync(chromium, dashboard.Url);
        await page.WaitForAsync("document.getElementById('conn').textContent === 'live'", "its live connection");
        await page.WaitForAsync("document.getElementById('workers').textContent.includes('No workers yet')", "an empty run");

        // Start through the page's own control, as a user would.
        await page.EvalAsync("document.querySelector('button[data-action=start]').click()");
        await page.WaitForAsync("document.getElementById('result').textContent.includes('started: ')", "the start result");
        var (first, second) = (project.Ids[0], project.Ids[1]);
        await page.WaitForAsync($"document.querySelector('#workers [data-mid={first}]') && document.querySelector('#workers [data-mid={second}]')", "both workers");
        await page.WaitForAsync($"document.querySelector('#graph [data-mid={first}]')", "the milestone graph");

        // The page follows the worker: its unit changes without a reload.
        var unit = $"document.querySelector('#workers [data-mid={first}] .unit').textContent";
        await page.WaitForAsync($"{unit} !== 'unit: —'", $"{first} working on a unit");
        var seen = (await page.EvalAsync(unit)).GetString();
        await page.WaitForAsync($"{unit} !== {JsonSerializer.Serialize(seen)}", $"{first} advancing past {seen}");

        await page.EvalAsync($"document.querySelector('#workers button[data-action=pause][data-mid={first}]').click()");
        await page.WaitForAsync("document.getElementById('result').textContent.includes('pause sent')", "the pause result");
        var statusFile = project.Paths.StatusFile(first);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (JsonNode.Parse(File.ReadAllText(statusFile))!["state"]!.GetValue<string>() != "paused")
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{first} never paused:\n{File.ReadAllText(statusFile)}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        await page.WaitForAsync($"document.querySelector('#workers [data-mid={first}]').dataset.state === 'paused'", $"{first} paused");
        await page.WaitForAsync("document.getElementById('events').textContent.includes('worker-start')", "the event feed");

        var screenshot = Environment.GetEnvironmentVariable("GSD_DASHBOARD_SCREENSHOT");
        if (!string.IsNullOrEmpty(screenshot))
        {
            await File.WriteAllBytesAsync(screenshot, await page.ScreenshotAsync(), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// <c>gsd demo --dashboard</c>: the demo's run, live in the browser, merges included. With
    /// GSD_DASHBOARD_SCREENSHOT_DEMO set, the page is saved there as a PNG (how docs/dashboard.png is made).
    /// </summary>
    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Demo_with_dashboard_serves_the_demo_run_live()
    {
        var chromium = HeadlessChromium.Find();
        if (chromium is null)
        {
            Assert.Skip("chromium is not installed (run scripts/browser.sh as root; CI does)");
        }
        using var home = new TempDir("gsd-demo-home");
        using var scratch = new TempDir("gsd-demo-dashboard");
        var launcher = new GsdLauncher(scratch.Path, home.Path);
        using var demo = RunningDashboard.Start(launcher, "demo", Path.Combine(scratch.Path, "demo"), "--dashboard", "--delay", "2s");
        await using var page = await HeadlessChromium.OpenAsync(chromium, demo.Url, height: 1050);
        await page.WaitForAsync("document.querySelectorAll('#workers [data-mid]').length >= 2", "the demo's workers");
        await page.WaitForAsync("document.querySelectorAll('#graph [data-mid]').length === 5", "the demo's five milestones in the graph");
        await page.WaitForAsync("document.querySelector('#merges .s-merged')", "a merge of the demo run", TimeSpan.FromMinutes(3));
        var screenshot = Environment.GetEnvironmentVariable("GSD_DASHBOARD_SCREENSHOT_DEMO");
        if (!string.IsNullOrEmpty(screenshot))
        {
            await File.WriteAllBytesAsync(screenshot, await page.ScreenshotAsync(), TestContext.Current.CancellationToken);
        }
    }
}
