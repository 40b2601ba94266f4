using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ldfi.Testing.Proxy.Tests;

/// <summary>Starting and stopping processes: clear errors, and nothing left running.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Disposing_the_host_leaves_no_process_of_any_service_running()
    {
        var host = await Relays.StartAsync(Relays.Relay("front"), Relays.Relay("back"));
        var groups = new[] { host.ProcessGroup("front"), host.ProcessGroup("back") };
        Assert.All(groups, g => Assert.NotEmpty(ProcessGroups.Members(g)));

        await host.DisposeAsync();

        Assert.All(groups, g => Assert.Empty(ProcessGroups.Members(g)));
    }

    [Fact]
    public async Task When_the_watched_process_dies_without_cleaning_up_the_watchdog_ends_every_service()
    {
        // Stands in for a test host killed with SIGKILL: no Dispose, no ProcessExit handler runs.
        using var parent = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        var host = new ProcessHost(new ProcessHostOptions { WatchedProcessId = parent.Id });
        host.Add(Relays.Relay("front"));
        await host.StartAsync();
        var group = host.ProcessGroup("front");

        parent.Kill();
        await parent.WaitForExitAsync();

        var gone = await Eventually(() => ProcessGroups.Members(group).Count == 0, TimeSpan.FromSeconds(10));
        await host.DisposeAsync();
        Assert.True(gone, "the service outlived the process it watched");
    }

    [Fact]
    public async Task A_service_that_never_becomes_healthy_fails_the_start_with_its_output()
    {
        var host = new ProcessHost();
        host.Add(new ProcessService("broken", "node", "-e", "console.error('cannot read config: missing Payments'); process.exit(3)"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Service 'broken'", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot read config: missing Payments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_named_before_anything_starts()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var relay = Relays.Relay("front");
        relay.Port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var host = new ProcessHost();
        host.Add(relay);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains($"127.0.0.1:{relay.Port}: the port is in use", error.Message, StringComparison.Ordinal);
    }

    private static async Task<bool> Eventually(Func<bool> condition, TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > limit)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
