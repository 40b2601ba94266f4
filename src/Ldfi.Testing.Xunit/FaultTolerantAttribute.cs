using System.Runtime.CompilerServices;
using Xunit;
using Xunit.Sdk;

namespace Ldfi.Testing.Xunit;

/// <summary>
/// Replaces <see cref="FactAttribute"/>: the test runs once without faults, then again under the smallest fault sets
/// that knock out everything its passing runs depended on, until it is certified tolerant up to <see cref="MaxFaults"/>
/// or the minimal failing fault set is found. One result is shown in the runner.
/// </summary>
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
