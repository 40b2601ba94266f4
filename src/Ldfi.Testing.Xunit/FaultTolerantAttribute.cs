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
public sealed class FaultTolerantAttribute : FactAttribute
{
    private readonly FaultTolerantSettings settings = new();

    /// <summary>Initializes a new instance of the <see cref="FaultTolerantAttribute"/> class.</summary>
    /// <param name="sourceFilePath">Filled in by the compiler: where the test's snapshots live.</param>
    public FaultTolerantAttribute([CallerFilePath] string sourceFilePath = "") => SourceFilePath = sourceFilePath;

    /// <summary>Gets the test's source file, beside which <c>.verified.txt</c> snapshots live.</summary>
    public string SourceFilePath { get; }

    /// <summary>Gets or sets the largest fault set tried. <value>Defaults to 2.</value></summary>
    public int MaxFaults { get => settings.MaxFaults; set => settings.MaxFaults = value; }

    /// <summary>Gets or sets the most experiments the test may run. <value>Defaults to 1000.</value></summary>
    public int MaxExperiments { get => settings.MaxExperiments; set => settings.MaxExperiments = value; }

    /// <summary>Gets or sets the fault kinds injected. <value>Defaults to <see cref="FaultKind.All"/>.</value></summary>
    public FaultKind Faults { get => settings.Faults; set => settings.Faults = value; }

    /// <summary>Gets or sets how long a delayed response is held back. <value>Defaults to 30,000 ms.</value></summary>
    public int DelayMilliseconds { get => settings.DelayMilliseconds; set => settings.DelayMilliseconds = value; }

    /// <summary>Gets or sets how long one experiment may run before it is stopped and failed. <value>Defaults to 10,000 ms.</value></summary>
    public int DeadlineMilliseconds { get => settings.DeadlineMilliseconds; set => settings.DeadlineMilliseconds = value; }

    /// <summary>Gets or sets the seed that breaks ties between equally small fault sets. <value>Defaults to 0.</value></summary>
    public int Seed { get => settings.Seed; set => settings.Seed = value; }

    /// <summary>Gets or sets the search strategy. <value>Defaults to <see cref="ExplorationStrategy.Exact"/>.</value></summary>
    public ExplorationStrategy Strategy { get => settings.Strategy; set => settings.Strategy = value; }

    /// <summary>
    /// Gets or sets a value indicating whether every minimal failing fault set is found and compared with
    /// <c>{Class}.{Method}.verified.txt</c> beside the test's source. <value>Defaults to false.</value>
    /// </summary>
    public bool Snapshot { get => settings.Snapshot; set => settings.Snapshot = value; }

    internal FaultTolerantSettings Settings => settings;
}
