#pragma warning disable xUnit1000 // Not public on purpose: these fixtures are run by the tests, not discovered.
using Ldfi.Testing.Tests.Verdicts;
using Xunit;

namespace Ldfi.Testing.Xunit.Tests;

/// <summary>A downstream stub shared by every test of a class, as a class fixture shares a WireMock server.</summary>
internal static class SharedCoins
{
    private static volatile bool mapped;

    public static void Map() => mapped = true;

    public static void Reset() => mapped = false;

    public static Task<string> GetAsync() =>
        mapped ? Task.FromResult("btc,eth") : Task.FromException<string>(new HttpRequestException("404 No matching mapping found"));
}

/// <summary>
/// Set-up maps the shared stub and tear-down resets it, the way issue 12's WireMock fixture did: a run that kept going
/// beside the next one would reset the stub under the next run's feet.
/// </summary>
internal sealed class SharedStubTests : IAsyncLifetime, IDisposable
{
    public static readonly RunLog Log = new();
    private int run;

    public Task InitializeAsync()
    {
        run = Log.Start();
        SharedCoins.Map();
        return Task.CompletedTask;
    }

    // The caller waits 60 s of the run's time for the stub, longer than the 40 s Deadline.
    [FaultTolerant(Faults = FaultKind.Delay, MaxFaults = 1, DeadlineMilliseconds = 40_000)]
    public async Task Prices_are_shown()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60), FaultInjection.TimeProvider);
        var coins = await Boundary.InvokeAsync("bridge", "svc-coins", "GET /coins", _ => SharedCoins.GetAsync(), timeout.Token);
        Assert.Equal("btc,eth", coins);
    }

    public async Task DisposeAsync()
    {
        Log.Note(run, "tear-down");

        // A tear-down that takes real time (nothing asserts on it): it keeps the window an overlap needs wide open.
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None);
        SharedCoins.Reset();
    }

    public void Dispose() => Log.End(run);
}

/// <summary>A body that waits on something of its own (an event the system publishes), which only the run's Stopping token ends.</summary>
internal sealed class StoppingTests
{
    public static volatile bool SawStopping;

    [FaultTolerant(Faults = FaultKind.Delay, MaxFaults = 1)]
    public async Task Waits_for_the_order_event()
    {
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            await Boundary.InvokeAsync("shop", "events", "GET /next", _ => Task.FromResult(1));
            published.SetResult();
        });
        var stopping = FaultInjection.Current!.Stopping;
        try
        {
            await published.Task.WaitAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            SawStopping = true;
            throw;
        }
    }
}
