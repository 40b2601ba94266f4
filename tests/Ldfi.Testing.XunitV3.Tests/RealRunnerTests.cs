using Xunit;

namespace Ldfi.Testing.XunitV3.Tests;

/// <summary>Runs under the real runner (dotnet test): [FaultTolerant] replaces [Fact], and a tolerant test passes.</summary>
public sealed class RealRunnerTests
{
    [FaultTolerant(MaxFaults = 1, Faults = FaultKind.Error | FaultKind.Status)]
    public async Task Primary_backup_is_tolerant_to_any_single_fault() =>
        Assert.Contains(await Systems.PrimaryBackupAsync(), new[] { "p", "s" });
}
