using System.Runtime.CompilerServices;
using Xunit;
using Xunit.Sdk;

namespace Ldfi.Testing.Xunit;

/// <summary>
/// Replaces <see cref="FactAttribute"/>: the test runs once without faults, then again under the smallest fault sets
/// that knock out everything its passing runs depended on, until it is certified tolerant up to <see cref="MaxFaults"/>
/// or the minimal failing fault set is found. One result is shown in the runner.
/// </summary>
/// <remarks>
/// Each experiment is a whole run of the test: a new test-class instance, its constructor, <c>IAsyncLifetime</c>,
/// the body and <c>Dispose</c>. An experiment stopped by its deadline (or a hang) is over only when all of that has
/// finished: held responses return at once and the test's own requests through <see cref="ExperimentPropagationHandler"/>
/// are cancelled, but xUnit v2 gives a test no cancellation token of its own, so pass
/// <see cref="FaultInjectionContext.Stopping"/> (<c>FaultInjection.Current!.Stopping</c>) to any other wait of the body
/// or of its set-up and tear-down. A run that has not finished within <see cref="ExplorationOptions.StopGracePeriod"/> ends
/// the exploration as <see cref="Verdict.Stuck"/>, naming the run and what it was still doing; it never overlaps the next.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("Ldfi.Testing.Xunit.FaultTolerantDiscoverer", "Ldfi.Testing.Xunit")]
public sealed partial class FaultTolerantAttribute : FactAttribute
{
    /// <summary>Initializes a new instance of the <see cref="FaultTolerantAttribute"/> class.</summary>
    /// <param name="sourceFilePath">Filled in by the compiler: where the test's snapshots live.</param>
    public FaultTolerantAttribute([CallerFilePath] string sourceFilePath = "") => SourceFilePath = sourceFilePath;

    /// <summary>Gets the test's source file, beside which <c>.verified.txt</c> snapshots live.</summary>
    public string SourceFilePath { get; }
}
