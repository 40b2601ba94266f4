using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Boundaries;

public interface ICatalog
{
    Task<string> FindAsync(string sku, CancellationToken cancellationToken = default);

    string Describe(string sku);
}

/// <summary>Knows one sku; any other throws, as a repository's "not found" does.</summary>
public sealed class Catalog : ICatalog
{
    public async Task<string> FindAsync(string sku, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return sku == "known" ? "a known thing" : throw new KeyNotFoundException(sku);
    }

    public string Describe(string sku) => sku == "known" ? "described" : throw new KeyNotFoundException(sku);
}

/// <summary>
/// A Delay on an interface call whose target throws holds nothing: the caller gets the target's exception at once, as
/// without the fault. The Delay is dropped (the call failed organically, the fault did not fire), and the model learns
/// that such a Delay repeats the run without it, so the exploration never spends an experiment on one it has seen throw.
/// </summary>
public class DelayOnThrowingCallTests
{
    private static ExplorationOptions Options(int maxFaults) => new()
    {
        MaxFaults = maxFaults,
        Faults = FaultKind.Error | FaultKind.Delay,
        Delay = TimeSpan.FromMilliseconds(5),
        Deadline = TimeSpan.FromSeconds(5),
    };

    private static ServiceProvider Build() =>
        new ServiceCollection().AddSingleton<ICatalog, Catalog>().AddFaultBoundary<ICatalog>("catalog").BuildServiceProvider();

    // Looks up three unknown skus (each miss tolerated) and one known one with a timeout and a fallback.
    private static async Task Body(CancellationToken ct)
    {
        await using var sp = Build();
        var catalog = sp.GetRequiredService<ICatalog>();
        foreach (var sku in new[] { "gone-1", "gone-2", "gone-3" })
        {
            try
            {
                await catalog.FindAsync(sku, ct);
            }
            catch (Exception e) when (e is KeyNotFoundException or InjectedFaultException)
            {
                // A miss is an answer, and the lookup is optional.
            }
        }

        try
        {
            _ = catalog.Describe("gone-4");
        }
        catch (Exception e) when (e is KeyNotFoundException or InjectedFaultException)
        {
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            Assert.Equal("a known thing", await catalog.FindAsync("known", timeout.Token));
        }
        catch (Exception e) when (e is InjectedFaultException or OperationCanceledException)
        {
            // Degrades: the known thing is optional too.
        }
    }

    // Before the Delay was dropped on a throwing call: 11 experiments (4 of them Delays on a call that throws) at
    // MaxFaults 1, 51 (30) at MaxFaults 2; the same verdict, Tolerant.
    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 21)]
    public async Task A_delay_on_a_call_seen_to_throw_is_never_planned_and_the_verdict_is_the_same_with_fewer_experiments(int maxFaults, int experiments)
    {
        var result = await FaultExplorer.ExploreAsync(Body, Options(maxFaults));

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        var throwing = result.Baseline.AllCalls.Where(c => c.Outcome == CallOutcome.Failed).Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(4, throwing.Count);
        Assert.DoesNotContain(result.Runs, r => r.Planned.Any(f => f.Kind == FaultKind.Delay && throwing.Contains(f.Site.Id)));
        Assert.Equal(experiments, result.Experiments);
    }

    [Fact]
    public async Task A_planned_delay_on_a_throwing_call_does_not_fire_and_the_call_is_recorded_as_failed_organically()
    {
        var options = Options(maxFaults: 1);
        options.Replay.Add(FaultSetDescription.Parse("Delay @ test>catalog FindAsync#1\nDelay @ test>catalog Describe#1"));
        IReadOnlyList<Fault>? injected = null;
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            await Body(ct);
            if (FaultInjection.Current!.Kind == RunKind.Replay)
            {
                injected = FaultInjection.Current.Injected;
            }
        }, options);

        var replay = Assert.Single(result.Runs, r => r.Kind == RunKind.Replay);
        Assert.Equal(2, replay.Planned.Count);
        Assert.Empty(replay.Injected);
        Assert.Empty(replay.NotInjected);
        Assert.Empty(injected!);
        Assert.All(replay.AllCalls.Where(c => c.Site.Operation is "Describe" || (c.Site.Operation == "FindAsync" && c.Site.Ordinal == 1)), c =>
        {
            Assert.Equal(CallOutcome.Failed, c.Outcome);
            Assert.Null(c.Fault);
        });
        Assert.Equal(Verdict.Tolerant, result.Verdict);
    }

    [Fact]
    public async Task A_delay_on_a_call_that_completes_still_holds_it()
    {
        var result = await FaultExplorer.ExploreAsync(Body, Options(maxFaults: 1));

        var held = Assert.Single(result.Runs, r => r.Injected.Any(f => f.Kind == FaultKind.Delay));
        var fault = Assert.Single(held.Injected);
        Assert.Equal(("FindAsync", 4), (fault.Operation, fault.Ordinal));
        Assert.Equal(CallOutcome.Faulted, held.AllCalls.Single(c => c.Site.Equals(fault.Site)).Outcome);
    }
}
