using System.Text;

namespace Ldfi.Testing.Sdk;

/// <summary>
/// Everything a <c>[FaultTolerant]</c> test does besides running its body: options, regression replay, exploration,
/// reports, snapshots and the final message. Test-framework adapters only translate their context into a
/// <see cref="FaultTolerantTestInfo"/> and a delegate that runs the test body once.
/// </summary>
public static class FaultTolerantRunner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Explores a test and decides its single result.</summary>
    /// <param name="test">The test being run.</param>
    /// <param name="settings">The attribute's settings.</param>
    /// <param name="runOnce">Runs the test body once (a fresh test-class instance, set-up and tear-down included) and throws when it fails.</param>
    /// <param name="log">Receives progress lines; may be null.</param>
    /// <param name="cancellationToken">Stops the exploration.</param>
    /// <returns>The outcome to report.</returns>
    public static async Task<FaultTolerantOutcome> RunAsync(FaultTolerantTestInfo test, FaultTolerantSettings settings, Func<CancellationToken, Task> runOnce, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runOnce);
        ExplorationOptions options;
        try
        {
            options = settings.ToOptions();
        }
        catch (ArgumentException ex)
        {
            return new FaultTolerantOutcome(null, false, "Invalid [FaultTolerant] settings", ex.Message, null);
        }

        var sourceDirectory = SourcePaths.Directory(test.SourceFilePath);
        var project = SourcePaths.ProjectDirectory(sourceDirectory);
        var reports = ReportOptions.FromEnvironment(defaultDirectory: project is null ? null : Path.Combine(project, "TestResults", "ldfi"));

        if (settings.Snapshot && sourceDirectory is null)
        {
            return new FaultTolerantOutcome(null, false, "Snapshot folder not found", $"[FaultTolerant(Snapshot = true)] keeps {test.ClassName}.{test.MethodName}.verified.txt beside the test's source file, but the source file '{test.SourceFilePath}' was not found. Run the tests from a checkout of the sources.", null);
        }

        var lastFailure = Path.Combine(reports.Directory, ReportWriter.SafeFileName(test.DisplayName) + ".last-failure.txt");
        var verified = settings.Snapshot ? SnapshotVerifier.ReadFaultSets(SnapshotVerifier.VerifiedPath(sourceDirectory!, test.ClassName, test.MethodName)) : [];
        foreach (var known in verified.Concat(KnownFailures(lastFailure)).Where(k => Allowed(k.Faults, options)))
        {
            options.Replay.Add(known);
        }

        options.OnProgress = log is null ? null : p => log(p.ToString());
        var result = await FaultExplorer.ExploreAsync(runOnce, options, cancellationToken).ConfigureAwait(false);
        ReportFiles? files = null;
        try
        {
            files = ReportWriter.Write(result, test.DisplayName, reports);
            RememberFailure(lastFailure, result);
        }
        catch (IOException ex)
        {
            log?.Invoke($"Ldfi.Testing could not write its reports to {reports.Directory}: {ex.Message}");
        }

        if (result.ParallelismFallback is { } fallback)
        {
            log?.Invoke($"[ldfi] warning: the experiments share state, so from experiment #{fallback.Experiment} on they ran one at a time: {fallback.Reason}");
        }

        foreach (var drift in IdentityDrift.Lines(result))
        {
            log?.Invoke("[ldfi] warning: " + drift);
        }

        var summary = ExplorationReport.SummaryLine(result);
        if (result.Verdict == Verdict.Tolerant && result.CallSites.Count == 0)
        {
            return new FaultTolerantOutcome(result, false, summary, NoCallsMessage(test), files);
        }

        if (settings.Snapshot)
        {
            var snapshot = SnapshotVerifier.Verify(result, test.ClassName, test.MethodName, SnapshotOptions.FromEnvironment(sourceDirectory!));
            return new FaultTolerantOutcome(result, snapshot.Passed, $"{summary}; {snapshot.Message}", snapshot.Passed ? null : snapshot.Message + ReportsLine(files), files);
        }

        var passed = result.Verdict == Verdict.Tolerant;
        return new FaultTolerantOutcome(result, passed, summary, passed ? null : ExplorationReport.FailureMessage(result, test.DisplayName) + ReportsLine(files), files);
    }

    // A remembered failure from other settings (another fault kind, a larger budget) is not replayed.
    private static bool Allowed(FaultSet faults, ExplorationOptions options) =>
        faults.Count <= options.MaxFaults && faults.All(f => (options.Faults & f.Kind) != 0);

    private static string ReportsLine(ReportFiles? files) =>
        files is null ? string.Empty : $"\n\nReport: {files.MarkdownPath}";

    private static string NoCallsMessage(FaultTolerantTestInfo test) =>
        $"""
        {test.DisplayName} made no instrumented call, so there was nothing to inject faults into and nothing was certified.
        Register the fault handler in every service the test reaches:
          - IHttpClientFactory clients: services.AddFaultInjection("orders") (for example in WebApplicationFactory's ConfigureTestServices);
          - hand-made HttpClients: new HttpClient(new FaultInjectionHandler("orders", innerHandler));
          - interfaces: services.AddFaultBoundary<IPaymentGateway>("payments").
        The test's own client must carry the experiment: wrap its handler in ExperimentPropagationHandler (ServiceMesh.CreateClient does this).
        """;

    private static IEnumerable<FaultSetDescription> KnownFailures(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        FaultSetDescription? known = null;
        try
        {
            known = FaultSetDescription.Parse(File.ReadAllText(path));
        }
        catch (FormatException)
        {
        }

        if (known is { Faults.IsEmpty: false })
        {
            yield return known;
        }
    }

    private static void RememberFailure(string path, ExplorationResult result)
    {
        if (result.Verdict == Verdict.Failed && result.FailingFaultSet is { } failing)
        {
            File.WriteAllText(path, FaultSetDescription.From(failing) + "\n", Utf8);
        }
        else if (result.Verdict == Verdict.Tolerant && File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
