using System.Text.Json;
using Ldfi.Testing.Sdk;
using Xunit;
using Xunit.Sdk;

namespace Ldfi.Testing.XunitV3.Tests;

public sealed class FaultTolerantAttributeTests
{
    [Fact]
    public async Task A_tolerant_test_shows_one_passed_result_with_the_summary_and_a_fresh_instance_per_run()
    {
        TolerantTests.Constructed = TolerantTests.Initialized = TolerantTests.Disposed = 0;
        var messages = await Harness.RunAsync<TolerantTests>(nameof(TolerantTests.Reads_from_the_backup));

        var passed = Assert.Single(messages.Of<ITestPassed>());
        Assert.Empty(messages.Of<ITestFailed>());
        Assert.Single(messages.Of<ITestStarting>());
        Assert.Single(messages.Of<ITestCaseFinished>());
        var finished = Assert.Single(messages.Of<ITestFinished>());
        Assert.Matches(@"Tolerant up to 1 fault.*: \d+ experiments? over 2 call sites", passed.Output);
        Assert.Contains("body ran", passed.Output, StringComparison.Ordinal);
        var runs = Runs(finished);
        Assert.True(runs >= 3, $"{runs} runs: the baseline, its determinism check and at least one fault");
        Assert.Equal(runs, TolerantTests.Constructed);
        Assert.Equal(runs, TolerantTests.Initialized);
        Assert.Equal(runs, TolerantTests.Disposed);
        Assert.Empty(messages.Of<ITestClassConstructionStarting>());
    }

    [Fact]
    public async Task The_markdown_report_is_attached_to_the_result()
    {
        var messages = await Harness.RunAsync<TolerantTests>(nameof(TolerantTests.Reads_from_the_backup));

        var attachment = Assert.Single(Assert.Single(messages.Of<ITestFinished>()).Attachments);
        Assert.Equal($"{typeof(TolerantTests).FullName}.{nameof(TolerantTests.Reads_from_the_backup)}.md", attachment.Key);
        Assert.Contains("Tolerant", attachment.Value.AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_test_reports_the_minimal_fault_set_and_its_own_assertion()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Degraded_answer));

        var failed = Assert.Single(messages.Of<ITestFailed>());
        Assert.Empty(messages.Of<ITestPassed>());
        var message = failed.Messages[0];
        Assert.Contains("Minimal failing fault set", message, StringComparison.Ordinal);
        Assert.Contains("Error on a → b GET /price", message, StringComparison.Ordinal);
        Assert.Contains("Assert.Equal() Failure", message, StringComparison.Ordinal);
        Assert.Contains("unknown", message, StringComparison.Ordinal);
        Assert.Equal(typeof(FaultToleranceException).FullName, failed.ExceptionTypes[0]);
    }

    [Fact]
    public async Task A_failing_assertion_is_reported_with_its_own_exception_type_in_the_message_and_the_report()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Degraded_answer));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        Assert.Contains("The test's own failure:\n  Xunit.Sdk.EqualException: Assert.Equal() Failure", message, StringComparison.Ordinal);
        Assert.DoesNotContain("FaultToleranceException:", message, StringComparison.Ordinal);
        Assert.Equal(["Xunit.Sdk.EqualException"], FailureTypes(Assert.Single(messages.Of<ITestFinished>())));
    }

    [Fact]
    public async Task An_unhandled_fault_is_reported_with_the_exception_the_test_saw()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Single_call));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        Assert.Contains("a → b GET /y", message, StringComparison.Ordinal);
        Assert.Contains(nameof(InjectedFaultException), message, StringComparison.Ordinal);
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
    public async Task A_skipped_test_is_skipped_without_running()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.Skipped));

        Assert.Equal("not today", Assert.Single(messages.Of<ITestSkipped>()).Reason);
        Assert.Empty(messages.Of<ITestFailed>());
    }

    [Fact]
    public async Task A_method_with_parameters_is_an_error_with_the_message_every_adapter_gives()
    {
        var messages = await Harness.RunAsync<FailingTests>(nameof(FailingTests.With_parameter));

        Assert.Empty(messages.Of<ITestPassed>());
        Assert.Contains(FaultTolerantTestInfo.ParametersNotAllowed, Assert.Single(messages.Of<ITestFailed>()).Messages[0], StringComparison.Ordinal);
    }

    /// <summary>How many times the test body ran, from the JSON report beside the attached Markdown one.</summary>
    private static int Runs(ITestFinished finished)
    {
        var name = Path.GetFileNameWithoutExtension(Assert.Single(finished.Attachments).Key);
        var path = Path.Combine(ProjectDirectory(), "TestResults", "ldfi", name + ".json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("runs").GetArrayLength();
    }

    /// <summary>The failure types of the runs that failed, from the JSON report beside the attached Markdown one.</summary>
    private static string[] FailureTypes(ITestFinished finished)
    {
        var name = Path.GetFileNameWithoutExtension(Assert.Single(finished.Attachments).Key);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProjectDirectory(), "TestResults", "ldfi", name + ".json")));
        return [.. json.RootElement.GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("failure"))
            .Where(f => f.ValueKind == JsonValueKind.Object)
            .Select(f => f.GetProperty("type").GetString()!)
            .Distinct()];
    }

    private static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
