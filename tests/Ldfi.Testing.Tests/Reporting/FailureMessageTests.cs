using Xunit;

namespace Ldfi.Testing.Tests.Reporting;

public class FailureMessageTests
{
    [Fact]
    public async Task Double_charge_names_the_minimal_set_the_retry_and_the_assertion()
    {
        var result = await Systems.Explore("double-charge");

        var message = ExplorationReport.FailureMessage(result, "Checkout.Pays_once");

        Assert.StartsWith("LDFI: Checkout.Pays_once: Failed", message, StringComparison.Ordinal);
        Assert.Contains("  • Delay on A → P POST /charges #1\n", message, StringComparison.Ordinal);
        Assert.Contains("With A → P POST /charges #1 delayed past the caller's timeout, the retry called P POST /charges again (#2); then the test failed: the card was charged 2 times for an order that was paid", message, StringComparison.Ordinal);
        Assert.Contains("    A → P POST /charges #1: ⚡ Delay injected", message, StringComparison.Ordinal);
        Assert.Contains("  + A → P POST /charges #2: ok", message, StringComparison.Ordinal);
        Assert.Contains("  appeared:\n    A → P POST /charges #2 (retry)\n  disappeared: none\n", message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: the card was charged 2 times", message, StringComparison.Ordinal);
        Assert.Contains("  Delay @ A>P POST /charges#1\n", message, StringComparison.Ordinal);
        Assert.EndsWith("\n", message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fallback_is_named_and_a_call_that_no_longer_happens_is_listed()
    {
        var result = await FaultExplorer.ExploreAsync(Systems.FallbackWithoutX, Scenarios.Catalog.Options());

        var message = ExplorationReport.FailureMessage(result, "t");

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Contains("A fell back to B GET /backup", message, StringComparison.Ordinal);
        Assert.Contains("A never called X GET /extras/{id} #1", message, StringComparison.Ordinal);
        Assert.Contains("  disappeared:\n    A → X GET /extras/{id} #1\n", message, StringComparison.Ordinal);
        Assert.Contains("    A → B GET /backup #1 (fallback)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hang_failure_says_no_timeout_guards_the_delayed_call_and_stops_at_once()
    {
        var result = await Systems.Explore("no-timeout");

        var message = ExplorationReport.FailureMessage(result, "t");

        Assert.Contains("With A → B GET / #1 delayed; then nothing could ever end the wait: no timeout guards A → B GET / #1, so the run was stopped at once.", message, StringComparison.Ordinal);
        Assert.Contains("The run was stopped:\n  Ldfi.Testing.DeadlineExceededException: The run under fault set {Delay on A → B GET / #1} can never finish: no timeout guards A → B GET / #1.", message, StringComparison.Ordinal);
        Assert.All(result.Runs, r => Assert.Equal(TimeSpan.Zero, r.VirtualDuration));
    }

    [Fact]
    public async Task A_baseline_failure_is_reported_as_an_ordinary_failure()
    {
        var result = await FaultExplorer.ExploreAsync(Systems.AlwaysFails, Scenarios.Catalog.Options());

        var message = ExplorationReport.FailureMessage(result, "t");

        Assert.Equal(Verdict.BaselineFailed, result.Verdict);
        Assert.Contains("an ordinary failure", message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: expected 200 but got 500", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Minimal failing fault set", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flaky_result_names_the_fault_set_that_both_passed_and_failed()
    {
        var result = await FaultExplorer.ExploreAsync(Systems.FlakyOnce(), Scenarios.Catalog.Options());

        var message = ExplorationReport.FailureMessage(result, "t");

        Assert.Equal(Verdict.Flaky, result.Verdict);
        var set = result.FailingRun!.Planned;
        Assert.Contains($"The fault set that both passed and failed:\n  • {set[0].Value} on {set[0].Site}\n", message, StringComparison.Ordinal);
        Assert.Contains("failed once under faults", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_line_names_the_verdict_and_the_bounds()
    {
        var result = await FaultExplorer.ExploreAsync(Systems.FallbackWithoutX, new ExplorationOptions { MaxFaults = 1 });

        var line = ExplorationReport.SummaryLine(result);

        Assert.StartsWith("Tolerant up to 1 fault: ", line, StringComparison.Ordinal);
        Assert.Contains($"{result.Experiments} experiments over 3 call sites", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
    }
}
