namespace Ldfi.Testing.Sdk;

/// <summary>What a test-framework adapter tells the core about the test it runs.</summary>
/// <param name="DisplayName">The test's display name, used in messages and report file names.</param>
/// <param name="ClassName">The test class's simple name, used for snapshot file names.</param>
/// <param name="MethodName">The test method's name, used for snapshot file names.</param>
/// <param name="SourceFilePath">The test's source file (from <c>[CallerFilePath]</c>), beside which snapshots live; null when unknown.</param>
public sealed record FaultTolerantTestInfo(string DisplayName, string ClassName, string MethodName, string? SourceFilePath = null);
