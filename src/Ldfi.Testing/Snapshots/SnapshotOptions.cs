namespace Ldfi.Testing;

/// <summary>Where snapshots live and whether a changed one is accepted. <see cref="FromEnvironment"/> reads <c>LDFI_ACCEPT</c> and <c>CI</c>.</summary>
public sealed class SnapshotOptions
{
    /// <summary>The environment variable that accepts changed snapshots when set to <c>1</c> or <c>true</c>, outside CI.</summary>
    public const string AcceptVariable = "LDFI_ACCEPT";

    /// <summary>The environment variable CI servers set; when it has any value, snapshots are never accepted automatically.</summary>
    public const string CiVariable = "CI";

    /// <summary>Gets or sets the folder of the <c>.verified.txt</c> and <c>.received.txt</c> files; adapters pass the folder of the test's source file.</summary>
    /// <value>Defaults to the current directory.</value>
    public string Directory { get; set; } = ".";

    /// <summary>Gets or sets a value indicating whether a new or changed snapshot is written as verified instead of failing. Ignored when <see cref="IsCi"/>.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool Accept { get; set; }

    /// <summary>Gets or sets a value indicating whether this is a CI run: <see cref="Accept"/> is never honoured and no diff tool is launched.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool IsCi { get; set; }

    /// <summary>Gets or sets a value indicating whether to launch a diff tool on a mismatch, through DiffEngine when the test process has it loaded (it honours <c>DiffEngine_Disabled</c>).</summary>
    /// <value>Defaults to <see langword="true"/>; never outside a developer's machine (<see cref="IsCi"/>).</value>
    public bool LaunchDiffTool { get; set; } = true;

    /// <summary>Creates options for <paramref name="directory"/> from the environment: <c>LDFI_ACCEPT</c> (<c>1</c> or <c>true</c>) and <c>CI</c> (any value).</summary>
    /// <param name="directory">The folder of the snapshot files.</param>
    /// <param name="getVariable">Reads an environment variable; <see langword="null"/> for <see cref="Environment.GetEnvironmentVariable(string)"/>. Tests pass their own.</param>
    /// <returns>The options.</returns>
    public static SnapshotOptions FromEnvironment(string directory, Func<string, string?>? getVariable = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        getVariable ??= Environment.GetEnvironmentVariable;
        var accept = getVariable(AcceptVariable)?.Trim();
        return new SnapshotOptions
        {
            Directory = directory,
            Accept = accept == "1" || string.Equals(accept, "true", StringComparison.OrdinalIgnoreCase),
            IsCi = !string.IsNullOrWhiteSpace(getVariable(CiVariable)),
        };
    }
}
