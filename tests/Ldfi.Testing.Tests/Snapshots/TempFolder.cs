namespace Ldfi.Testing.Tests.Snapshots;

/// <summary>A fresh temporary folder per test, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ldfi-snapshots-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
