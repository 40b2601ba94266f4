using System.Diagnostics;

namespace Ldfi.Testing.Proxy;

/// <summary>
/// One started service: its process group (a session of its own, under a watchdog that kills the group when the
/// watched process ends), the tail of its output, its health wait and its stop.
/// </summary>
internal sealed class ServiceProcess
{
    private readonly Process process;
    private readonly Queue<string> output = new();
    private readonly int keep;

    private ServiceProcess(ProcessService service, Process process, int keep)
    {
        Service = service;
        this.process = process;
        this.keep = keep;
    }

    public ProcessService Service { get; }

    /// <summary>Gets the id of the service's process group (the watchdog's pid, leader of its session).</summary>
    public int Group => process.Id;

    public bool HasExited => process.HasExited;

    public static ServiceProcess Start(ProcessService service, IReadOnlyDictionary<string, string> environment, ProcessHostOptions options)
    {
        var info = WatchdogCommand.Create(service, environment, options.WatchedProcessId > 0 ? options.WatchedProcessId : Environment.ProcessId);
        var process = new Process { StartInfo = info };
        var started = new ServiceProcess(service, process, options.OutputLines);
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.Start();
        ProcessGroups.Track(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The last lines the service wrote, stdout and stderr interleaved.</summary>
    public string Output()
    {
        lock (output)
        {
            return output.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, output);
        }
    }

    /// <summary>Polls the health path until the service answers; a clear error with its output when it exits or never does.</summary>
    public async Task WaitHealthyAsync(Uri address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var health = new Uri(address, Service.HealthPath);
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Service '{Service.Name}' ({Describe()}) exited with code {process.ExitCode} before it answered {health}. Its output:{Environment.NewLine}{Output()}");
            }

            try
            {
                using var response = await http.GetAsync(health, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening, not answering yet.
            }

            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new InvalidOperationException($"Service '{Service.Name}' ({Describe()}) did not answer {health} within {timeout.TotalSeconds:0.#} s. Its output:{Environment.NewLine}{Output()}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM to the whole group, SIGKILL after <paramref name="grace"/>; returns when no process of the group is left.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        ProcessGroups.Signal(Group, ProcessGroups.SigTerm);
        var start = Stopwatch.GetTimestamp();
        while (ProcessGroups.Members(Group).Count > 0)
        {
            var waited = Stopwatch.GetElapsedTime(start);
            if (waited > grace)
            {
                ProcessGroups.Signal(Group, ProcessGroups.SigKill);
            }

            if (waited > grace * 3)
            {
                break;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        ProcessGroups.Forget(Group);
        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
    }

    private string Describe() => string.Join(' ', [Service.FileName, .. Service.Arguments]);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > keep)
            {
                output.Dequeue();
            }
        }
    }
}
