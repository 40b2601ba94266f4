using System.Reflection;

namespace Ldfi.Testing.Sdk;

/// <summary>What a test-framework adapter tells the core about the test it runs.</summary>
/// <param name="DisplayName">The test's display name, used in messages and report file names.</param>
/// <param name="ClassName">The test class's simple name, used for snapshot file names.</param>
/// <param name="MethodName">The test method's name, used for snapshot file names.</param>
/// <param name="SourceFilePath">The test's source file (from <c>[CallerFilePath]</c>), beside which snapshots live; null when unknown.</param>
public sealed record FaultTolerantTestInfo(string DisplayName, string ClassName, string MethodName, string? SourceFilePath = null)
{
    /// <summary>
    /// The error an adapter reports, instead of running it, for a <c>[FaultTolerant]</c> method that takes parameters:
    /// the same for every test framework.
    /// </summary>
    public const string ParametersNotAllowed = "[FaultTolerant] methods cannot have parameters: the same body is re-run under each fault set.";

    /// <summary>Describes a test method, named after the class that declares it.</summary>
    /// <param name="displayName">The test's display name, as the framework shows it.</param>
    /// <param name="method">The test method.</param>
    /// <param name="sourceFilePath">The attribute's <c>[CallerFilePath]</c>; null or empty when unknown.</param>
    /// <returns>The test's description.</returns>
    public static FaultTolerantTestInfo FromMethod(string displayName, MethodInfo method, string? sourceFilePath)
    {
        ArgumentNullException.ThrowIfNull(method);
        return FromMethod(displayName, method.DeclaringType, method, sourceFilePath);
    }

    /// <summary>Describes a test method, named after the class it runs in (for a framework that runs inherited methods in each derived fixture).</summary>
    /// <param name="displayName">The test's display name, as the framework shows it.</param>
    /// <param name="testClass">The class the test runs in; null for the method's declaring class.</param>
    /// <param name="method">The test method.</param>
    /// <param name="sourceFilePath">The attribute's <c>[CallerFilePath]</c>; null or empty when unknown.</param>
    /// <returns>The test's description.</returns>
    public static FaultTolerantTestInfo FromMethod(string displayName, Type? testClass, MethodInfo method, string? sourceFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        ArgumentNullException.ThrowIfNull(method);
        return new(displayName, (testClass ?? method.DeclaringType)?.Name ?? "Test", method.Name, string.IsNullOrEmpty(sourceFilePath) ? null : sourceFilePath);
    }
}
