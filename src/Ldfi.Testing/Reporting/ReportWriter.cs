using System.Text;

namespace Ldfi.Testing;

/// <summary>Writes an exploration's reports to files: <c>{test}.json</c> and <c>{test}.md</c>, and the CI job summary.</summary>
public static class ReportWriter
{
    private const int MaxNameLength = 120;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly Lock SummaryLock = new();

    /// <summary>
    /// Writes <c>{safe test name}.json</c> and <c>.md</c> to <see cref="ReportOptions.Directory"/>, creating it, and appends
    /// to <see cref="ReportOptions.StepSummaryPath"/> when set: the whole Markdown report for a result that is not
    /// <see cref="Verdict.Tolerant"/>, one line for a tolerant one (keeps the job summary readable with many tests).
    /// </summary>
    /// <param name="result">The exploration result.</param>
    /// <param name="testName">The test's display name; characters unsafe in file names become <c>_</c>.</param>
    /// <param name="options">Where to write; <see langword="null"/> for <see cref="ReportOptions.FromEnvironment"/>.</param>
    /// <returns>The paths written.</returns>
    public static ReportFiles Write(ExplorationResult result, string testName, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(testName);
        options ??= ReportOptions.FromEnvironment();
        var directory = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(directory);
        var name = SafeFileName(testName);
        var json = Path.Combine(directory, name + ".json");
        var markdown = Path.Combine(directory, name + ".md");
        var report = ExplorationReport.Markdown(result, testName);
        File.WriteAllText(json, ExplorationReport.Json(result, testName), Utf8);
        File.WriteAllText(markdown, report, Utf8);
        string? summary = null;
        if (options.StepSummaryPath is { } path)
        {
            summary = Path.GetFullPath(path);
            var entry = result.Verdict == Verdict.Tolerant ? $"- ✅ `{testName.Replace("`", "'", StringComparison.Ordinal)}`: {result.Summary}\n" : report + "\n";
            lock (SummaryLock)
            {
                File.AppendAllText(summary, entry, Utf8);
            }
        }

        return new ReportFiles(json, markdown, summary);
    }

    /// <summary>Turns a test name into a file name: letters, digits, <c>.</c>, <c>-</c> and <c>_</c> kept, anything else <c>_</c>.</summary>
    /// <param name="testName">The test's display name.</param>
    /// <returns>A file name without extension, at most 120 characters (a long name keeps a hash of the whole).</returns>
    public static string SafeFileName(string testName)
    {
        ArgumentNullException.ThrowIfNull(testName);
        var safe = new StringBuilder(testName.Length);
        foreach (var c in testName)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var name = safe.ToString().Trim('.');
        if (name.Length == 0)
        {
            return "test";
        }

        if (name.Length <= MaxNameLength)
        {
            return name;
        }

        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(testName));
        return name[..(MaxNameLength - 9)] + "-" + Convert.ToHexStringLower(hash)[..8];
    }
}
