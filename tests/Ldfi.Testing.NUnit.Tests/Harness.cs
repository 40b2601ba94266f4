using NUnit;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Ldfi.Testing.NUnit.Tests;

/// <summary>Runs one fixture method through NUnit's own assembly runner (builders, work items, commands), in process.</summary>
internal static class Harness
{
    public static Task<Run> RunAsync<TFixture>(string methodName) =>
        // A thread-pool thread of its own: the nested run's execution context never leaks into the calling test.
        Task.Run(() =>
        {
            var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
            runner.Load(typeof(TFixture).Assembly, new Dictionary<string, object> { [FrameworkPackageSettings.NumberOfTestWorkers] = 0 });
            var run = new Run();
            var fullName = $"{typeof(TFixture).FullName}.{methodName}";
            runner.Run(run, TestFilter.FromXml($"<filter><test>{fullName}</test></filter>"));
            return run;
        });

    internal sealed class Run : ITestListener
    {
        private readonly List<ITestResult> cases = [];
        private readonly List<string> progress = [];

        public IReadOnlyList<ITestResult> Cases => cases;

        public string Progress => string.Concat(progress);

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
            lock (progress)
            {
                progress.Add(output.Text);
            }
        }

        public void SendMessage(TestMessage message)
        {
        }
    }
}
