using System.Text.Json;
using Ldfi.Testing;
using NUnit;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Shop.NUnitTests;

/// <summary>
/// Runs one test of this assembly through NUnit's own assembly runner (builders, set-up fixtures, work items, commands),
/// in process, as tests/Ldfi.Testing.NUnit.Tests does, and returns its result with the JSON report it wrote.
/// </summary>
internal static class Harness
{
    /// <summary>
    /// The reports go to a directory of their own (<c>LDFI_RESULTS_DIR</c>), so the nested run neither replays an earlier
    /// run's remembered failure nor overwrites the reports of the test when it runs for real. That variable is process-wide:
    /// callers must not run in parallel with other <c>[FaultTolerant]</c> tests (NUnit runs this assembly sequentially).
    /// </summary>
    public static async Task<Run> RunAsync<TFixture>(string methodName)
    {
        var reports = Directory.CreateTempSubdirectory("ldfi-shop-nunit-");
        var resultsDirectory = Environment.GetEnvironmentVariable(ReportOptions.ResultsDirectoryVariable);
        var stepSummary = Environment.GetEnvironmentVariable(ReportOptions.StepSummaryVariable);
        Environment.SetEnvironmentVariable(ReportOptions.ResultsDirectoryVariable, reports.FullName);
        Environment.SetEnvironmentVariable(ReportOptions.StepSummaryVariable, null); // the nested run stays out of the CI job summary
        try
        {
            // A thread-pool thread of its own: the nested run's execution context never leaks into the calling test.
            var result = await Task.Run(() =>
            {
                var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
                runner.Load(typeof(TFixture).Assembly, new Dictionary<string, object> { [FrameworkPackageSettings.NumberOfTestWorkers] = 0 });
                var listener = new Listener();
                runner.Run(listener, TestFilter.FromXml($"<filter><test>{typeof(TFixture).FullName}.{methodName}</test></filter>"));
                return listener.Cases.Single();
            });
            var json = Directory.GetFiles(reports.FullName, "*.json").Single();
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            return new Run(result, report.RootElement.Clone());
        }
        finally
        {
            Environment.SetEnvironmentVariable(ReportOptions.ResultsDirectoryVariable, resultsDirectory);
            Environment.SetEnvironmentVariable(ReportOptions.StepSummaryVariable, stepSummary);
            reports.Delete(recursive: true);
        }
    }

    internal sealed record Run(ITestResult Result, JsonElement Report);

    private sealed class Listener : ITestListener
    {
        private readonly List<ITestResult> cases = [];

        public IReadOnlyList<ITestResult> Cases => cases;

        public void TestStarted(ITest test)
        {
        }

        public void TestFinished(ITestResult result)
        {
            if (!result.Test.IsSuite)
            {
                lock (cases)
                {
                    cases.Add(result);
                }
            }
        }

        public void TestOutput(TestOutput output)
        {
        }

        public void SendMessage(TestMessage message)
        {
        }
    }
}
