using System.Reflection;
using System.Text.Json;
using Ldfi.Testing;
using Ldfi.Testing.XunitV3;
using Xunit.Sdk;
using Xunit.v3;

namespace Shop.XunitV3Tests;

/// <summary>
/// Runs one test of this assembly as xUnit v3 would, in process, as tests/Ldfi.Testing.XunitV3.Tests does: discovered by
/// <see cref="FaultTolerantDiscoverer"/>, then executed by the real <see cref="XunitTestAssemblyRunner"/> in the shop
/// collection (so its <see cref="ShopFixture"/> is created as usual), capturing its messages and the JSON report it wrote.
/// </summary>
internal static class Harness
{
    /// <summary>
    /// The reports go to a directory of their own (<c>LDFI_RESULTS_DIR</c>), so the nested run neither replays an earlier
    /// run's remembered failure nor overwrites the reports of the test when it runs for real. That variable is process-wide:
    /// this assembly runs its tests one at a time (see ShopMesh.cs).
    /// </summary>
    public static async Task<Run> RunAsync<TClass>(string methodName)
    {
        var reports = Directory.CreateTempSubdirectory("ldfi-shop-xunitv3-");
        var resultsDirectory = Environment.GetEnvironmentVariable(ReportOptions.ResultsDirectoryVariable);
        var stepSummary = Environment.GetEnvironmentVariable(ReportOptions.StepSummaryVariable);
        Environment.SetEnvironmentVariable(ReportOptions.ResultsDirectoryVariable, reports.FullName);
        Environment.SetEnvironmentVariable(ReportOptions.StepSummaryVariable, null); // the nested run stays out of the CI job summary
        try
        {
            var assembly = new XunitTestAssembly(typeof(TClass).Assembly);
            var collection = new XunitTestCollection(assembly, typeof(ShopCollection), false, ShopCollection.Name);
            var testClass = new XunitTestClass(typeof(TClass), collection);
            var method = typeof(TClass).GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance)!;
            var testMethod = new XunitTestMethod(testClass, method, []);
            var attribute = method.GetCustomAttribute<FaultTolerantAttribute>()!;
            var testCases = await new FaultTolerantDiscoverer().Discover(new Options(), testMethod, attribute);
            var messages = new Messages();
            await XunitTestAssemblyRunner.Instance.Run(assembly, [.. testCases], messages, new Options(), TestContext.Current.CancellationToken);

            var json = Directory.GetFiles(reports.FullName, "*.json").Single();
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            return new Run(messages, report.RootElement.Clone());
        }
        finally
        {
            Environment.SetEnvironmentVariable(ReportOptions.ResultsDirectoryVariable, resultsDirectory);
            Environment.SetEnvironmentVariable(ReportOptions.StepSummaryVariable, stepSummary);
            reports.Delete(recursive: true);
        }
    }

    internal sealed record Run(Messages Messages, JsonElement Report);

    private sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> values = [];

        public TValue? GetValue<TValue>(string name) => values.TryGetValue(name, out var value) ? (TValue?)value : default;

        public void SetValue<TValue>(string name, TValue value) => values[name] = value;

        public string ToJson() => "{}";
    }

    internal sealed class Messages : IMessageSink
    {
        private readonly List<IMessageSinkMessage> all = [];

        public IEnumerable<T> Of<T>()
        {
            lock (all)
            {
                return all.OfType<T>().ToList();
            }
        }

        public bool OnMessage(IMessageSinkMessage message)
        {
            lock (all)
            {
                all.Add(message);
            }

            return true;
        }
    }
}
