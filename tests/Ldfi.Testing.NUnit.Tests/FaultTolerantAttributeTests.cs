using System.Text.Json;
using Ldfi.Testing.Sdk;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ldfi.Testing.NUnit.Tests;

public sealed class FaultTolerantAttributeTests
{
    [Test]
    public async Task A_tolerant_test_shows_one_passed_result_with_the_summary_and_runs_SetUp_and_TearDown_per_experiment()
    {
        TolerantFixture.SetUps = TolerantFixture.TearDowns = 0;
        var run = await Harness.RunAsync<TolerantFixture>(nameof(TolerantFixture.Reads_from_the_backup));

        var result = run.Cases.Single();
        Assert.That(result.ResultState, Is.EqualTo(ResultState.Success), result.Message);
        Assert.That(result.Output, Does.Match(@"Tolerant up to 1 fault.*: \d+ experiments? over 2 call sites"));
        var runs = Runs(result);
        Assert.That(runs, Is.GreaterThanOrEqualTo(3), "the baseline, its determinism check and at least one fault");
        Assert.That(TolerantFixture.SetUps, Is.EqualTo(runs), "one SetUp per run");
        Assert.That(TolerantFixture.TearDowns, Is.EqualTo(runs), "one TearDown per run");
        Assert.That(run.Progress, Does.Contain("Tolerant up to 1 fault"), "progress lines reach the runner while the test runs");
    }

    [Test]
    public async Task The_markdown_report_is_attached_to_the_result()
    {
        var run = await Harness.RunAsync<TolerantFixture>(nameof(TolerantFixture.Reads_from_the_backup));

        var attachment = run.Cases.Single().TestAttachments.Single();
        Assert.That(attachment.FilePath, Does.EndWith($"{typeof(TolerantFixture).FullName}.{nameof(TolerantFixture.Reads_from_the_backup)}.md"));
        Assert.That(File.ReadAllText(attachment.FilePath), Does.Contain("Tolerant"));
    }

    [Test]
    public async Task With_an_instance_per_test_case_every_experiment_gets_a_new_fixture_that_is_disposed()
    {
        InstancePerExperimentFixture.Constructed = InstancePerExperimentFixture.Disposed = 0;
        var run = await Harness.RunAsync<InstancePerExperimentFixture>(nameof(InstancePerExperimentFixture.Reads_from_the_backup));

        var result = run.Cases.Single();
        Assert.That(result.ResultState, Is.EqualTo(ResultState.Success), result.Message);
        Assert.That(InstancePerExperimentFixture.Constructed, Is.EqualTo(Runs(result)));
        Assert.That(InstancePerExperimentFixture.Disposed, Is.EqualTo(InstancePerExperimentFixture.Constructed));
    }

    [Test]
    public async Task A_failing_test_reports_the_minimal_fault_set_and_its_own_assertion_message()
    {
        var run = await Harness.RunAsync<FailingFixture>(nameof(FailingFixture.Degraded_answer));

        var result = run.Cases.Single();
        Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
        Assert.That(result.Message, Does.Contain("Minimal failing fault set"));
        Assert.That(result.Message, Does.Contain("Error on a → b GET /price"));
        Assert.That(result.Message, Does.Contain("the price must be known"));
        Assert.That(result.Message, Does.Contain("\"unknown\""));
    }

    [Test]
    public async Task An_unhandled_fault_is_reported_with_the_exception_the_test_saw()
    {
        var run = await Harness.RunAsync<FailingFixture>(nameof(FailingFixture.Single_call));

        var message = run.Cases.Single().Message;
        Assert.That(message, Does.Contain("a → b GET /y"));
        Assert.That(message, Does.Contain(nameof(InjectedFaultException)));
    }

    [Test]
    public async Task A_test_without_instrumented_calls_fails_and_says_how_to_register_the_handler()
    {
        var run = await Harness.RunAsync<FailingFixture>(nameof(FailingFixture.No_calls));

        var result = run.Cases.Single();
        Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
        Assert.That(result.Message, Does.Contain("made no instrumented call"));
        Assert.That(result.Message, Does.Contain("AddFaultInjection"));
    }

    [Test]
    public async Task A_baseline_failure_is_the_ordinary_failure_with_no_exploration()
    {
        var run = await Harness.RunAsync<FailingFixture>(nameof(FailingFixture.Baseline_fails));

        var result = run.Cases.Single();
        Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
        Assert.That(result.Message, Does.Contain("broken without any fault"));
        Assert.That(result.Message, Does.Contain("Baseline"));
        Assert.That(result.Output, Does.Not.Contain("#1 "));
    }

    [Test]
    public async Task A_hanging_experiment_is_stopped_by_its_deadline_and_reported()
    {
        var run = await Harness.RunAsync<FailingFixture>(nameof(FailingFixture.Hangs));

        var message = run.Cases.Single().Message;
        Assert.That(message, Does.Contain("Delay"));
        Assert.That(message, Does.Contain("timeout").IgnoreCase);
    }

    [Test]
    public async Task Invalid_settings_name_the_setting()
    {
        var run = await Harness.RunAsync<FailingFixture>(nameof(FailingFixture.Bad_settings));

        Assert.That(run.Cases.Single().Message, Does.Contain("MaxFaults"));
    }

    [Test]
    public async Task A_method_with_parameters_is_not_runnable_with_the_message_every_adapter_gives()
    {
        var run = await Harness.RunAsync<FailingFixture>(nameof(FailingFixture.With_parameter));

        var result = run.Cases.Single();
        Assert.That(result.ResultState.Status, Is.EqualTo(TestStatus.Failed));
        Assert.That(result.Message, Does.Contain(FaultTolerantTestInfo.ParametersNotAllowed));
    }

    [TestCase(typeof(FailingFixture), nameof(FailingFixture.Degraded_answer))]
    [TestCase(typeof(FailingFixture), nameof(FailingFixture.Degraded_answer_synchronously))]
    [TestCase(typeof(FailingWithSetUpFixture), nameof(FailingWithSetUpFixture.Degraded_answer))]
    public async Task A_failing_assertion_is_reported_with_its_own_exception_type_in_the_message_and_the_report(Type fixture, string method)
    {
        var run = await RunAsync(fixture, method);

        var result = run.Cases.Single();
        Assert.That(result.Message, Does.Contain("The test's own failure:\n  NUnit.Framework.AssertionException: the price must be known"));
        Assert.That(result.Message, Does.Not.Contain("FaultToleranceException:"));
        Assert.That(FailureTypes(result), Is.EqualTo(new[] { "NUnit.Framework.AssertionException" }));
    }

    [TestCase(typeof(FailingFixture), nameof(FailingFixture.Single_call))]
    [TestCase(typeof(FailingFixture), nameof(FailingFixture.Single_call_synchronously))]
    [TestCase(typeof(FailingWithSetUpFixture), nameof(FailingWithSetUpFixture.Single_call))]
    public async Task An_unhandled_exception_is_reported_with_its_own_type_and_message(Type fixture, string method)
    {
        var run = await RunAsync(fixture, method);

        var result = run.Cases.Single();
        Assert.That(result.Message, Does.Contain($"The test's own failure:\n  {typeof(InjectedFaultException).FullName}: Ldfi.Testing injected Error on a → b GET /y"));
        Assert.That(FailureTypes(result), Is.EqualTo(new[] { typeof(InjectedFaultException).FullName }));
    }

    [Test]
    public async Task Several_failed_assertions_in_a_multiple_scope_are_reported_as_NUnits_MultipleAssertException()
    {
        var run = await Harness.RunAsync<FailingWithSetUpFixture>(nameof(FailingWithSetUpFixture.Two_assertions_fail));

        var result = run.Cases.Single();
        Assert.That(result.Message, Does.Contain("The test's own failure:\n  NUnit.Framework.MultipleAssertException: Multiple failures or warnings in test"));
        Assert.That(result.Message, Does.Contain("the price must not be unknown"));
        Assert.That(FailureTypes(result), Is.EqualTo(new[] { "NUnit.Framework.MultipleAssertException" }));
    }

    private static Task<Harness.Run> RunAsync(Type fixture, string method) =>
        fixture == typeof(FailingWithSetUpFixture) ? Harness.RunAsync<FailingWithSetUpFixture>(method) : Harness.RunAsync<FailingFixture>(method);

    /// <summary>The failure types of the runs that failed, from the JSON report beside the attached Markdown one.</summary>
    private static string[] FailureTypes(ITestResult result)
    {
        var markdown = result.TestAttachments.Single().FilePath;
        using var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(markdown, ".json")));
        return [.. json.RootElement.GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("failure"))
            .Where(f => f.ValueKind == JsonValueKind.Object)
            .Select(f => f.GetProperty("type").GetString()!)
            .Distinct()];
    }

    /// <summary>How many times the test body ran, from the JSON report beside the attached Markdown one.</summary>
    private static int Runs(ITestResult result)
    {
        var markdown = result.TestAttachments.Single().FilePath;
        using var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(markdown, ".json")));
        return json.RootElement.GetProperty("runs").GetArrayLength();
    }
}
