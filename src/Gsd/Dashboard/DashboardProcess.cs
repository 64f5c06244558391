using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Gsd.Processes;

namespace Gsd.Dashboard;

/// <summary>
/// The dashboard served by another gsd binary (gsd-dashboard, ARCHITECTURE §12): started with the same options and
/// project, its <c>Dashboard: URL</c> line relayed. It serves until its standard input closes, so it also ends when
/// this process dies without disposing it; a host that ignores that is stopped with its identity verified.
/// </summary>
internal sealed class DashboardProcess : IServingDashboard
{
    /// <summary>Tells <c>gsd dashboard</c> to serve until its standard input closes (as well as until Ctrl-C).</summary>
    public const string UntilStdinClosesVariable = "GSD_DASHBOARD_UNTIL_STDIN_CLOSES";

    private const string UrlPrefix = "Dashboard: ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly ProcessIdentity _identity;
    private readonly Task _drain;

    private DashboardProcess(Process process, ProcessIdentity identity, string url, Task drain)
    {
        _process = process;
        _identity = identity;
        Url = url;
        _drain = drain;
    }

    public string Url { get; }

    /// <summary>Starts <paramref name="host"/> as <c>gsd -C ROOT dashboard …</c> and waits for the line with its URL.</summary>
    /// <param name="errors">Where the host's own error lines go once it serves.</param>
    public static async Task<IServingDashboard> StartAsync(string host, string projectRoot, DashboardOptions options, TextWriter errors, CancellationToken ct)
    {
        CheckExists(host);
        var process = Launch(host, projectRoot, options);
        var identity = new ProcessIdentity(process.Id, ProcessIdentity.ReadStartTicks(process.Id) ?? 0);
        var stderr = new StringBuilder();
        var forward = false;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }
            lock (stderr)
            {
                if (forward)
                {
                    errors.WriteLine(line);
                }
                else
                {
                    stderr.AppendLine(line);
                }
            }
        };
        process.BeginErrorReadLine();
        var (url, printed) = await ReadUrlAsync(process, ct).ConfigureAwait(false);
        if (url is null)
        {
            await StopAsync(process, identity).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            string why;
            lock (stderr)
            {
                why = (stderr.ToString() + printed).Trim();
            }
            var exit = process.HasExited ? process.ExitCode : ExitCodes.Failure;
            process.Dispose();
            // The host is gsd too: its own message ("gsd: Cannot listen on …") says what is wrong, so it is passed on as is.
            throw new GsdException(
                why.Length == 0 ? $"The dashboard's server {host} ended (exit code {exit}) before it served, and printed nothing." : StripPrefix(why),
                exit == ExitCodes.Usage ? ExitCodes.Usage : ExitCodes.Failure);
        }
        lock (stderr)
        {
            forward = true;
            if (stderr.Length > 0)
            {
                errors.Write(stderr.ToString());
            }
        }
        // The rest of its output (a "Serving…" line) is read and dropped, so a full pipe never blocks it.
        var drain = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        return new DashboardProcess(process, identity, url, drain);
    }

    public static void CheckExists(string host)
    {
        if (!File.Exists(host))
        {
            throw new GsdException(
                $"Cannot serve the dashboard: {host} is missing. The native gsd serves it from {SelfCommand.DashboardBinaryName}, "
                + "installed beside gsd; reinstall gsd (bash scripts/install.sh) or publish both (dotnet publish src/Gsd -r linux-x64 -c Release).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process, _identity).ConfigureAwait(false);
        try
        {
            await _drain.ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The pipe broke as the host ended; there is nothing left to read.
        }
        _process.Dispose();
    }

    private static string StripPrefix(string message) =>
        message.StartsWith("gsd: ", StringComparison.Ordinal) ? message["gsd: ".Length..] : message;

    private static Process Launch(string host, string projectRoot, DashboardOptions options)
    {
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-C", projectRoot, "dashboard", "--host", options.Host, "--port", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(arg);
        }
        if (options.Token is null)
        {
            psi.ArgumentList.Add("--no-token");
        }
        psi.Environment.Remove(DashboardHost.HostVariable);
        psi.Environment[UntilStdinClosesVariable] = "1";
        try
        {
            return Process.Start(psi) ?? throw new GsdException($"Cannot start the dashboard's server {host}.");
        }
        catch (Win32Exception ex)
        {
            throw new GsdException($"Cannot start the dashboard's server {host}: {ex.Message}");
        }
    }

    /// <summary>The URL from the host's <c>Dashboard: URL</c> line, or null (with what it printed) when it ends, stalls or is cancelled first.</summary>
    private static async Task<(string? Url, string Printed)> ReadUrlAsync(Process process, CancellationToken ct)
    {
        var printed = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(UrlPrefix, StringComparison.Ordinal))
                {
                    return (line[UrlPrefix.Length..].Trim(), printed.ToString());
                }
                printed.AppendLine(line);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            printed.AppendLine($"it printed no `{UrlPrefix}URL` line within {StartTimeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException)
        {
        }
        return (null, printed.ToString());
    }

    /// <summary>Closes the host's standard input (it stops serving and exits); signals it only if that is not enough.</summary>
    private static async Task StopAsync(Process process, ProcessIdentity identity)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It has already gone.
        }
        using var wait = new CancellationTokenSource(ExitWait);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            SessionKiller.Terminate(identity, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
