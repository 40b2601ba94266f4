using NUnit.Framework;

namespace Ldfi.Testing.NUnit.Tests;

/// <summary>Runs under the real runner (dotnet test): [FaultTolerant] alone makes a test, and a tolerant one passes.</summary>
public sealed class RealRunnerTests
{
    [FaultTolerant(MaxFaults = 1, Faults = FaultKind.Error | FaultKind.Status)]
    public async Task Primary_backup_is_tolerant_to_any_single_fault() =>
        Assert.That(await Systems.PrimaryBackupAsync(), Is.EqualTo("p").Or.EqualTo("s"));
}
