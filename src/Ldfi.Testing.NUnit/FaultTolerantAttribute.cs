using System.Runtime.CompilerServices;
using Ldfi.Testing.Sdk;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;
using NUnit.Framework.Internal.Commands;

namespace Ldfi.Testing.NUnit;

/// <summary>
/// Replaces <see cref="TestAttribute"/>: the test runs once without faults, then again under the smallest fault sets
/// that knock out everything its passing runs depended on, until it is certified tolerant up to <see cref="MaxFaults"/>
/// or the minimal failing fault set is found. <c>[SetUp]</c> and <c>[TearDown]</c> run around every experiment
/// (and, with <c>[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]</c>, every experiment gets a new fixture instance);
/// the runner shows one result.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed partial class FaultTolerantAttribute : NUnitAttribute, ISimpleTestBuilder, IImplyFixture, IRepeatTest
{
    private readonly NUnitTestCaseBuilder builder = new();

    /// <summary>Initializes a new instance of the <see cref="FaultTolerantAttribute"/> class.</summary>
    /// <param name="sourceFilePath">Filled in by the compiler: where the test's snapshots live.</param>
    public FaultTolerantAttribute([CallerFilePath] string sourceFilePath = "") => SourceFilePath = sourceFilePath;

    /// <summary>Gets the test's source file, beside which <c>.verified.txt</c> snapshots live.</summary>
    public string SourceFilePath { get; }

    /// <summary>Builds the test method, as <see cref="TestAttribute"/> does, so <c>[FaultTolerant]</c> alone marks a test.</summary>
    /// <param name="method">The method the test is built from.</param>
    /// <param name="suite">The fixture the test belongs to.</param>
    /// <returns>The test; not runnable when the method has parameters.</returns>
    public TestMethod BuildFrom(IMethodInfo method, Test? suite)
    {
        ArgumentNullException.ThrowIfNull(method);
        var test = builder.BuildTestMethod(method, suite, null);
        if (method.GetParameters().Length > 0)
        {
            test.RunState = RunState.NotRunnable;
            test.Properties.Set(PropertyNames.SkipReason, FaultTolerantTestInfo.ParametersNotAllowed);
        }

        return test;
    }

    /// <summary>Wraps the whole test (set-up, body, tear-down, timeout) in the command that runs every experiment.</summary>
    /// <param name="command">The command that runs the test once.</param>
    /// <returns>The command that explores the test.</returns>
    public TestCommand Wrap(TestCommand command) => new FaultTolerantCommand(command, Settings, SourceFilePath);
}
