using System.Globalization;
using System.Text;

namespace Ldfi.Testing;

/// <summary>
/// Snapshot testing of an exploration's failing fault sets, after Verify's conventions: the text of every minimal
/// failing fault set (<see cref="Render"/>) is compared with <c>{TestClass}.{TestMethod}.verified.txt</c> beside the
/// test; a difference writes <c>.received.txt</c> and fails with a line diff. A verified file is also read back
/// (<see cref="ReadFaultSets"/>) so its sets are replayed first (<see cref="ExplorationOptions.Replay"/>).
/// </summary>
public static class SnapshotVerifier
{
    private const string SetHeader = "## set ";

    /// <summary>
    /// Renders the verdict, the bounds and every minimal failing fault set (run with <see cref="ExplorationOptions.FindAllFailures"/>)
    /// deterministically: no timings, sets ordered by size then text, faults by call-site id, one <c>value @ call-site id</c> a line.
    /// </summary>
    /// <param name="result">The exploration result.</param>
    /// <returns>The snapshot text, LF line endings, ending with a newline.</returns>
    public static string Render(ExplorationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var options = result.Options;
        var sets = result.FailingFaultSets.Select(s => FaultSetDescription.From(s).ToString())
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => s.Count(c => c == '\n'))
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToList();
        var text = new StringBuilder("# Ldfi.Testing snapshot: every minimal failing fault set, one fault a line (value @ call-site id).\n");
        text.Append(CultureInfo.InvariantCulture, $"verdict: {result.Verdict}\n");
        text.Append(CultureInfo.InvariantCulture, $"max faults: {options.MaxFaults}\n");
        text.Append(CultureInfo.InvariantCulture, $"fault kinds: {Phrases.Kinds(options.Faults)}\n");
        text.Append(CultureInfo.InvariantCulture, $"status codes: {StatusCodesTried(result)}\n");
        text.Append(CultureInfo.InvariantCulture, $"strategy: {options.Strategy}\n");
        text.Append(CultureInfo.InvariantCulture, $"failing sets: {sets.Count}\n");
        for (var i = 0; i < sets.Count; i++)
        {
            text.Append('\n').Append(SetHeader).Append(i + 1).Append('\n').Append(sets[i]).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The Status values the exploration's call sites were offered (declared, default, per callee; gRPC codes by name),
    /// in order: the codes actually tried, not the <see cref="ExplorationOptions.StatusCodes"/> option.
    /// </summary>
    private static string StatusCodesTried(ExplorationResult result)
    {
        var codes = result.Options.Faults.HasFlag(FaultKind.Status)
            ? result.Runs.SelectMany(r => r.AllCalls).SelectMany(c => c.StatusCodes).Distinct().Order().ToList()
            : [];
        return codes.Count == 0 ? "none" : string.Join(", ", codes.Select(c => GrpcStatusNames.IsGrpcError(c) ? GrpcStatusNames.Name(c) : c.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Compares <paramref name="result"/>'s snapshot with <c>{testClass}.{testMethod}.verified.txt</c> in <see cref="SnapshotOptions.Directory"/>.
    /// Equal: passes, and deletes a stale <c>.received.txt</c>. Missing or different: writes <c>.received.txt</c> and fails with a
    /// line diff and how to accept, unless <see cref="SnapshotOptions.Accept"/> (never in CI), which writes the verified file and passes.
    /// A <see cref="Verdict.BaselineFailed"/>, <see cref="Verdict.Flaky"/> or <see cref="Verdict.BudgetExhausted"/> result always fails
    /// with <see cref="ExplorationReport.FailureMessage"/> and touches no file: its failing sets are not a complete answer.
    /// </summary>
    /// <param name="result">The exploration result, run with <see cref="ExplorationOptions.FindAllFailures"/>.</param>
    /// <param name="testClass">The test class's name, without namespace.</param>
    /// <param name="testMethod">The test method's name.</param>
    /// <param name="options">The snapshot folder and accept settings.</param>
    /// <returns>Whether the test passes, and the message.</returns>
    public static SnapshotResult Verify(ExplorationResult result, string testClass, string testMethod, SnapshotOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var verified = VerifiedPath(options.Directory, testClass, testMethod);
        var received = ReceivedPath(options.Directory, testClass, testMethod);
        if (result.Verdict is not (Verdict.Failed or Verdict.Tolerant))
        {
            var why = $"The snapshot was not compared: the exploration ended {result.Verdict}, which is not a complete answer.\n\n";
            return new(false, false, why + ExplorationReport.FailureMessage(result, $"{testClass}.{testMethod}"), verified, received);
        }

        var text = Render(result);
        var existing = SnapshotFile.Read(verified);
        if (existing == text)
        {
            SnapshotFile.Delete(received);
            return new(true, false, $"The failing fault sets match {Path.GetFileName(verified)}.", verified, received);
        }

        if (options.Accept && !options.IsCi)
        {
            SnapshotFile.Write(verified, text);
            SnapshotFile.Delete(received);
            return new(true, true, $"Accepted the new snapshot into {verified} ({SnapshotOptions.AcceptVariable} is set).", verified, received);
        }

        SnapshotFile.Write(received, text);
        if (options.LaunchDiffTool && !options.IsCi)
        {
            DiffLauncher.TryLaunch(received, verified);
        }

        return new(false, false, Mismatch(existing, text, verified, received, options), verified, received);
    }

    /// <summary>Reads the fault sets of a verified snapshot back, to replay them first (<see cref="ExplorationOptions.Replay"/>).</summary>
    /// <param name="verifiedPath">The path of a file written by <see cref="Verify"/>.</param>
    /// <returns>The fault sets in file order; empty when the file does not exist.</returns>
    /// <exception cref="FormatException">A line of a set is not <c>value @ call-site id</c>; the message names the file.</exception>
    public static IReadOnlyList<FaultSetDescription> ReadFaultSets(string verifiedPath)
    {
        ArgumentNullException.ThrowIfNull(verifiedPath);
        if (SnapshotFile.Read(verifiedPath) is not { } text)
        {
            return [];
        }

        var blocks = new List<List<string>>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(SetHeader, StringComparison.Ordinal))
            {
                blocks.Add([]);
            }
            else if (blocks.Count > 0 && line.Trim().Length > 0)
            {
                blocks[^1].Add(line);
            }
        }

        try
        {
            return [.. blocks.Where(b => b.Count > 0).Select(b => FaultSetDescription.Parse(string.Join("\n", b)))];
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{verifiedPath}: {ex.Message}", ex);
        }
    }

    /// <summary>Gets the path of <c>{testClass}.{testMethod}.verified.txt</c> in <paramref name="directory"/>.</summary>
    /// <param name="directory">The snapshot folder.</param>
    /// <param name="testClass">The test class's name.</param>
    /// <param name="testMethod">The test method's name.</param>
    /// <returns>The full path.</returns>
    public static string VerifiedPath(string directory, string testClass, string testMethod) => PathOf(directory, testClass, testMethod, "verified");

    /// <summary>Gets the path of <c>{testClass}.{testMethod}.received.txt</c> in <paramref name="directory"/>.</summary>
    /// <param name="directory">The snapshot folder.</param>
    /// <param name="testClass">The test class's name.</param>
    /// <param name="testMethod">The test method's name.</param>
    /// <returns>The full path.</returns>
    public static string ReceivedPath(string directory, string testClass, string testMethod) => PathOf(directory, testClass, testMethod, "received");

    private static string PathOf(string directory, string testClass, string testMethod, string kind)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(testClass);
        ArgumentException.ThrowIfNullOrWhiteSpace(testMethod);
        return Path.GetFullPath(Path.Combine(directory, $"{ReportWriter.SafeFileName(testClass)}.{ReportWriter.SafeFileName(testMethod)}.{kind}.txt"));
    }

    private static string Mismatch(string? existing, string text, string verified, string received, SnapshotOptions options)
    {
        var message = new StringBuilder();
        message.Append(existing is null
            ? $"No verified snapshot yet: {Path.GetFileName(verified)} does not exist. The failing fault sets found are in {received}:\n\n"
            : $"The failing fault sets changed against {Path.GetFileName(verified)}:\n\n");
        message.Append(existing is null ? Indent(text) : LineDiff.Unified(existing, text, Path.GetFileName(verified), Path.GetFileName(received)));
        message.Append("\nIf the new behaviour is intended, accept it: rename ").Append(received).Append(" to ").Append(Path.GetFileName(verified))
            .Append(", or re-run the test with ").Append(SnapshotOptions.AcceptVariable).Append("=1 on your machine")
            .Append(options.IsCi ? " (this is a CI run, where " + SnapshotOptions.AcceptVariable + " is ignored)." : ".").Append('\n');
        return message.ToString();
    }

    private static string Indent(string text) => "  " + text.TrimEnd('\n').Replace("\n", "\n  ", StringComparison.Ordinal) + "\n";
}
