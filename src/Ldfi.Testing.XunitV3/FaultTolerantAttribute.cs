using System.Runtime.CompilerServices;
using Xunit;
using Xunit.v3;

namespace Ldfi.Testing.XunitV3;

/// <summary>
/// Replaces <see cref="FactAttribute"/>: the test runs once without faults, then again under the smallest fault sets
/// that knock out everything its passing runs depended on, until it is certified tolerant up to <see cref="MaxFaults"/>
/// or the minimal failing fault set is found. Every experiment gets a new test-class instance (constructor,
/// <c>IAsyncLifetime</c>, <c>Dispose</c> and before/after attributes included); the runner shows one result.
/// </summary>
/// <param name="sourceFilePath">Filled in by the compiler: where the test's snapshots live.</param>
/// <param name="sourceLineNumber">Filled in by the compiler: the test's line.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer(typeof(FaultTolerantDiscoverer))]
public sealed partial class FaultTolerantAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
    : FactAttribute(sourceFilePath, sourceLineNumber)
{
}
