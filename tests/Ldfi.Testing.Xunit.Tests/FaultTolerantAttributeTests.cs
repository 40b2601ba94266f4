using System.Text.Json;
using Ldfi.Testing.Sdk;
using Xunit;
using Xunit.Abstractions;

namespace Ldfi.Testing.Xunit.Tests;

public sealed class FaultTolerantAttributeTests
{
    [Fact]
    public async Task A_tolerant_test_shows_one_passed_result_with_the_summary_and_a_fresh_instance_per_run()
    {
        TolerantTests.Constructed = TolerantTests.Disposed = 0;
        var messages = await Harness.RunAsync<TolerantTests>(nameof(TolerantTests.Reads_from_the_backup));

        var passed = Assert.Single(messages.Of<ITestPassed>());
        Assert.Empty(messages.Of<ITestFailed>());
        Assert.Single(messages.Of<ITestStarting>());
        Assert.Single(messages.Of<ITestFinished>());
        Assert.Matches(@"Tolerant up to 1 fault.*: \d+ experiments? over 2 call sites", passed.Output);
        Assert.True(TolerantTests.Constructed >= 3, $"constructed {TolerantTests.Constructed} times");
        Assert.Equal(TolerantTests.Constructed, TolerantTests.Disposed);
    }

    [Fact]
    public async Task A_failing_test_reports_the_minimal_fault_set_and_its_own_assertion()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Single_call));

        var failed = Assert.Single(messages.Of<ITestFailed>());
        Assert.Empty(messages.Of<ITestPassed>());
        var message = failed.Messages[0];
        Assert.Contains("a → b GET /y", message, StringComparison.Ordinal);
        Assert.Contains("Error", message, StringComparison.Ordinal);
        Assert.Contains(typeof(InjectedFaultException).Name, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_assertion_is_reported_with_its_own_exception_type_in_the_message_and_the_report()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Degraded_answer));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        Assert.Contains("The test's own failure:\n  Xunit.Sdk.EqualException: Assert.Equal() Failure", message, StringComparison.Ordinal);
        Assert.DoesNotContain("FaultToleranceException:", message, StringComparison.Ordinal);
        Assert.Equal(["Xunit.Sdk.EqualException"], FailureTypes(message));
    }

    [Fact]
    public async Task An_unhandled_exception_is_reported_with_its_own_type()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Single_call));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        Assert.Contains($"{typeof(InjectedFaultException).FullName}: Ldfi.Testing injected Error on a → b GET /y", message, StringComparison.Ordinal);
        Assert.Equal([typeof(InjectedFaultException).FullName!], FailureTypes(message));
    }

    [Fact]
    public async Task A_test_without_instrumented_calls_fails_and_says_how_to_register_the_handler()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.No_calls));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        Assert.Contains("made no instrumented call", message, StringComparison.Ordinal);
        Assert.Contains("AddFaultInjection", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_baseline_failure_is_the_ordinary_failure_with_no_exploration()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Baseline_fails));

        var failed = Assert.Single(messages.Of<ITestFailed>());
        Assert.Contains("broken without any fault", failed.Messages[0], StringComparison.Ordinal);
        Assert.Contains("Baseline", failed.Messages[0], StringComparison.Ordinal);
        Assert.DoesNotContain("#1 ", failed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_experiment_is_stopped_by_its_deadline_and_reported()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Hangs));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        Assert.Contains("Delay", message, StringComparison.Ordinal);
        Assert.Contains("timeout", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Invalid_settings_name_the_setting()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Bad_settings));

        Assert.Contains("MaxFaults", Assert.Single(messages.Of<ITestFailed>()).Messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_with_parameters_is_an_error_with_the_message_every_adapter_gives()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.With_parameter));

        Assert.Empty(messages.Of<ITestPassed>());
        Assert.Contains(FaultTolerantTestInfo.ParametersNotAllowed, Assert.Single(messages.Of<ITestFailed>()).Messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_test_passes_when_its_accepted_weaknesses_are_unchanged_and_replays_them_first()
    {
        var messages = await Harness.RunAsync<SnapshotTests>(nameof(SnapshotTests.Quorum));

        var passed = Assert.Single(messages.Of<ITestPassed>());
        var lines = passed.Output.Split('\n');
        var firstExperiment = lines.First(l => l.Contains("#1 ", StringComparison.Ordinal));
        Assert.Contains("Replay", firstExperiment, StringComparison.Ordinal);
        Assert.Contains("failed", firstExperiment, StringComparison.Ordinal);
        Assert.Contains("match SnapshotTests.Quorum.verified.txt", passed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_codes_can_be_chosen_per_callee()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Status_codes_per_callee));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        Assert.Contains("Status 418", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Status 500", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_status_code_override_says_what_it_should_look_like()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Bad_status_codes));

        Assert.Contains("payments=500,503; orders=404", Assert.Single(messages.Of<ITestFailed>()).Messages[0], StringComparison.Ordinal);
    }

    /// <summary>The failure types of the failing runs in the JSON report that the failure message names.</summary>
    private static string[] FailureTypes(string message)
    {
        var markdown = message[(message.LastIndexOf("Report: ", StringComparison.Ordinal) + "Report: ".Length)..].Trim();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(markdown, ".json")));
        return [.. json.RootElement.GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("failure"))
            .Where(f => f.ValueKind == JsonValueKind.Object)
            .Select(f => f.GetProperty("type").GetString()!)
            .Distinct()];
    }
}
