using Xunit;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>A failure is confirmed only by a re-run that fails the same way (issue 12, item 2).</summary>
public sealed class ConfirmationTests
{
    private static Func<CancellationToken, Task> FailsDifferentlyTheSecondTime()
    {
        var failures = 0;
        return async ct =>
        {
            try
            {
                await Boundary.InvokeAsync("shop", "prices", "GET /price", _ => Task.FromResult(42), ct);
            }
            catch (InjectedFaultException)
            {
                if (Interlocked.Increment(ref failures) == 1)
                {
                    throw new InvalidOperationException("the price was missing");
                }

                throw new ArgumentException("the price was negative");
            }
        };
    }

    [Fact]
    public async Task A_confirmation_that_fails_differently_makes_the_verdict_flaky_with_both_failures_in_the_report()
    {
        var result = await FaultExplorer.ExploreAsync(FailsDifferentlyTheSecondTime(), new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1 });

        Assert.Equal(Verdict.Flaky, result.Verdict);
        Assert.Empty(result.FailingFaultSets);
        Assert.Contains("failed twice, but not the same way", result.Problem, StringComparison.Ordinal);
        Assert.Contains("run #1: System.InvalidOperationException: the price was missing", result.Problem, StringComparison.Ordinal);
        Assert.Contains("its re-run: System.ArgumentException: the price was negative", result.Problem, StringComparison.Ordinal);

        var message = ExplorationReport.FailureMessage(result, "t");
        Assert.Contains("The fault set that failed twice, not the same way:\n  • Error on shop → prices GET /price #1\n", message, StringComparison.Ordinal);
        Assert.Contains("Run #1 (Experiment): failed with System.InvalidOperationException: the price was missing", message, StringComparison.Ordinal);
        Assert.Contains("Run #1 (Confirmation): failed with System.ArgumentException: the price was negative", message, StringComparison.Ordinal);
        Assert.DoesNotContain("both passed and failed", message, StringComparison.Ordinal);

        var markdown = ExplorationReport.Markdown(result, "t");
        Assert.Contains("System.InvalidOperationException: the price was missing", markdown, StringComparison.Ordinal);
        Assert.Contains("System.ArgumentException: the price was negative", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_confirmation_that_fails_the_same_way_confirms_the_failure()
    {
        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                try
                {
                    await Boundary.InvokeAsync("shop", "prices", "GET /price", _ => Task.FromResult(42), ct);
                }
                catch (InjectedFaultException)
                {
                    throw new InvalidOperationException($"the price was missing ({Guid.NewGuid():N})");
                }
            },
            new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1 });

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal("{Error on shop → prices GET /price #1}", result.FailingFaultSet!.ToString());
    }
}
