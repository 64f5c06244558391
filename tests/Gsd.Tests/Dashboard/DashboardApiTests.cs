using System.Text.Json.Nodes;

namespace Gsd.Tests.Dashboard;

/// <summary>
/// `gsd dashboard` over plain HTTP: its first line, the status document (the same as `gsd parallel status --json`),
/// the event stream, the controls' --json documents, and who may use them (token, Origin, Host) — 403 otherwise.
/// </summary>
public sealed class DashboardApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Serves_the_status_document_the_page_and_the_event_stream()
    {
        using var project = new DashboardTestProject(milestones: 1);
        using var dashboard = RunningDashboard.Start(project.Launcher, "dashboard");
        dashboard.Process.StdOut.Split('\n')[0].ShouldStartWith("Dashboard: http://127.0.0.1:");
        dashboard.Token.Length.ShouldBe(32);

        var status = await dashboard.Http.GetStringAsync("api/status", Ct);
        var cli = project.Gsd("parallel", "status", "--json");
        JsonNode.DeepEquals(JsonNode.Parse(status), JsonNode.Parse(cli.StdOut)).ShouldBeTrue($"api/status:\n{status}\nCLI:\n{cli.StdOut}");

        var page = await dashboard.Http.GetStringAsync("", Ct);
        page.ShouldContain("<title>gsd dashboard</title>");
        (await dashboard.Http.GetStringAsync("app.js", Ct)).ShouldContain("EventSource");

        using var events = await dashboard.Http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, Ct);
        events.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(Ct));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(Ct);
        }
        while (line is not null && line != "event: snapshot");
        line.ShouldBe("event: snapshot");
        var data = JsonNode.Parse((await reader.ReadLineAsync(Ct))!["data: ".Length..])!;
        data["status"]!["workers"]!.AsArray().Count.ShouldBe(0);
        data["queue"]!["milestones"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ShouldBe(project.Ids);

        using var log = await dashboard.Http.GetAsync($"api/logs/{project.Ids[0]}", Ct);
        ((int)log.StatusCode).ShouldBe(404);
        (await log.Content.ReadAsStringAsync(Ct)).ShouldContain("has no log yet");
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task Controls_need_the_token_and_a_same_origin_and_answer_with_the_commands_json()
    {
        using var project = new DashboardTestProject(milestones: 1);
        using var dashboard = RunningDashboard.Start(project.Launcher, "dashboard");
        var self = dashboard.BaseAddress.GetLeftPart(UriPartial.Authority);

        var (status, body) = await dashboard.PostAsync("api/pause", token: null);
        status.ShouldBe(403);
        body.ShouldContain("token");
        (status, body) = await dashboard.PostAsync("api/stop", token: "0123456789abcdef0123456789abcdef");
        status.ShouldBe(403);
        (status, body) = await dashboard.PostAsync("api/pause", dashboard.Token, origin: "http://evil.example");
        status.ShouldBe(403);
        body.ShouldContain("Origin 'http://evil.example'");

        (status, body) = await dashboard.PostAsync("api/pause", dashboard.Token, origin: self);
        status.ShouldBe(200, body);
        JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(project.Gsd("parallel", "pause", "--json").StdOut)).ShouldBeTrue(body);
        (status, body) = await dashboard.PostAsync($"api/resume?token={dashboard.Token}", token: null, json: $"{{\"milestoneId\": \"{project.Ids[0]}\"}}");
        status.ShouldBe(200, body);
        body.ShouldContain($"\"milestoneId\": \"{project.Ids[0]}\"");
        (status, body) = await dashboard.PostAsync("api/merge", dashboard.Token);
        status.ShouldBe(200, body);
        JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(project.Gsd("parallel", "merge", "--json").StdOut)).ShouldBeTrue(body);

        (status, body) = await dashboard.PostAsync("api/stop", dashboard.Token, json: "{\"milestoneId\": \"nope\"}");
        status.ShouldBe(400);
        body.ShouldContain("'nope' is not a milestone id");
        (status, body) = await dashboard.PostAsync("api/stop", dashboard.Token, json: "[1]");
        status.ShouldBe(400);
        body.ShouldContain("milestoneId");

        using var get = await dashboard.Http.GetAsync("api/stop", Ct);
        ((int)get.StatusCode).ShouldBe(405);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/status");
        rebound.Headers.Host = "evil.example";
        using var refused = await dashboard.Http.SendAsync(rebound, Ct);
        ((int)refused.StatusCode).ShouldBe(403);
    }

    [Fact(Timeout = Hang.EndToEnd)]
    public async Task No_token_still_checks_the_origin()
    {
        using var project = new DashboardTestProject(milestones: 1);
        using var dashboard = RunningDashboard.Start(project.Launcher, "dashboard", "--no-token");
        dashboard.Url.ShouldNotContain("token=");
        (await dashboard.PostAsync("api/pause", token: null)).Status.ShouldBe(200);
        (await dashboard.PostAsync("api/pause", token: null, origin: "https://evil.example")).Status.ShouldBe(403);
    }

    [Fact]
    public void Bad_options_are_usage_errors_naming_the_value()
    {
        using var project = new DashboardTestProject(milestones: 0);
        var r = project.Gsd("dashboard", "--port", "70000");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("--port 70000");
        r = project.Gsd("dashboard", "--host", "not an address");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.StdErr.ShouldContain("--host not an address");
    }
}
