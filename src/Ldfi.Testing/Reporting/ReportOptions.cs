namespace Ldfi.Testing;

/// <summary>Where <see cref="ReportWriter"/> writes. <see cref="FromEnvironment"/> reads the usual environment variables.</summary>
public sealed class ReportOptions
{
    /// <summary>The environment variable naming the results folder.</summary>
    public const string ResultsDirectoryVariable = "LDFI_RESULTS_DIR";

    /// <summary>The environment variable GitHub Actions sets to the job summary file.</summary>
    public const string StepSummaryVariable = "GITHUB_STEP_SUMMARY";

    /// <summary>Gets or sets the folder the <c>.json</c> and <c>.md</c> reports are written to; it is created if missing.</summary>
    /// <value>Defaults to <c>TestResults/ldfi</c> under the current directory.</value>
    public string Directory { get; set; } = Path.Combine("TestResults", "ldfi");

    /// <summary>Gets or sets a file the Markdown report is appended to (the GitHub Actions job summary), or <see langword="null"/> for none.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? StepSummaryPath { get; set; }

    /// <summary>Creates options from the environment: <c>LDFI_RESULTS_DIR</c> for <see cref="Directory"/> and <c>GITHUB_STEP_SUMMARY</c> for <see cref="StepSummaryPath"/>.</summary>
    /// <param name="getVariable">Reads an environment variable; <see langword="null"/> for <see cref="Environment.GetEnvironmentVariable(string)"/>. Tests pass their own.</param>
    /// <param name="defaultDirectory">The folder when <c>LDFI_RESULTS_DIR</c> is not set; <see langword="null"/> for <c>TestResults/ldfi</c>.</param>
    /// <returns>The options.</returns>
    public static ReportOptions FromEnvironment(Func<string, string?>? getVariable = null, string? defaultDirectory = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var options = new ReportOptions { StepSummaryPath = NonEmpty(getVariable(StepSummaryVariable)) };
        if ((NonEmpty(getVariable(ResultsDirectoryVariable)) ?? defaultDirectory) is { } directory)
        {
            options.Directory = directory;
        }

        return options;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
