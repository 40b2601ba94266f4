namespace Ldfi.Testing;

/// <summary>
/// Renders an <see cref="ExplorationResult"/> for people and tools: a one-line summary, a failure message,
/// a Markdown report with Mermaid call graphs, and JSON. Framework-neutral; test-framework adapters call it.
/// </summary>
public static class ExplorationReport
{
    /// <summary>Gets a one-line summary, such as <c>Tolerant up to 2 faults: 37 experiments over 14 call sites in 1.8 s</c>.</summary>
    /// <param name="result">The exploration result.</param>
    /// <returns>The summary line.</returns>
    public static string SummaryLine(ExplorationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Summary;
    }

    /// <summary>
    /// Gets the message a person can act on: the minimal failing fault set with each fault's call site, a plain-language
    /// account of what happened, the failing run's call tree with injected faults marked, what changed against the
    /// baseline, and the test's own failure. For <see cref="Verdict.Flaky"/> it names the fault set that both passed
    /// and failed; for <see cref="Verdict.BaselineFailed"/> it gives the ordinary failure.
    /// </summary>
    /// <param name="result">The exploration result.</param>
    /// <param name="testName">The test's display name.</param>
    /// <returns>Multi-line text ending with a newline.</returns>
    public static string FailureMessage(ExplorationResult result, string testName)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(testName);
        return FailureText.Build(result, testName);
    }

    /// <summary>
    /// Gets a Markdown report. A failure shows the baseline's and the failing run's call graphs side by side as a
    /// Mermaid flowchart (faulted calls red, disappeared calls dashed grey, retries and fallbacks orange); a tolerant
    /// result lists its call sites and the redundancy found (calls that only happened under faults).
    /// </summary>
    /// <param name="result">The exploration result.</param>
    /// <param name="testName">The test's display name.</param>
    /// <returns>GitHub-flavoured Markdown ending with a newline.</returns>
    public static string Markdown(ExplorationResult result, string testName)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(testName);
        return MarkdownText.Build(result, testName);
    }

    /// <summary>
    /// Gets the whole result as indented JSON: verdict, options, experiments, call sites, failing sets and every run
    /// (number, kind, planned, injected and not injected faults, passed, failure, duration, call tree).
    /// </summary>
    /// <param name="result">The exploration result.</param>
    /// <param name="testName">The test's display name.</param>
    /// <returns>JSON text ending with a newline.</returns>
    public static string Json(ExplorationResult result, string testName)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(testName);
        return JsonText.Build(result, testName);
    }
}
