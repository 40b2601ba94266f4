using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ldfi.Testing;

/// <summary>Builds the JSON report (<see cref="ExplorationReport.Json"/>): everything the exploration knows, every run included.</summary>
internal static class JsonText
{
    // A report file, never embedded in HTML: keep call-site ids (">", "→") readable.
    private static JsonObject RealTimer(RealTimer timer) => new()
    {
        ["armedBy"] = timer.ArmedBy,
        ["armedIn"] = timer.ArmedIn,
        ["service"] = timer.Service,
        ["dueMs"] = timer.DueTime.TotalMilliseconds,
        ["firedOnClock"] = timer.FiredOnClock,
        ["fix"] = timer.Fix,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Build(ExplorationResult result, string testName)
    {
        var options = result.Options;
        var report = new JsonObject
        {
            ["test"] = testName,
            ["verdict"] = result.Verdict.ToString(),
            ["summary"] = result.Summary,
            ["problem"] = result.Problem,
            ["options"] = new JsonObject
            {
                ["maxFaults"] = options.MaxFaults,
                ["maxExperiments"] = options.MaxExperiments,
                ["faults"] = Phrases.Kinds(options.Faults),
                ["delayMs"] = options.Delay.TotalMilliseconds,
                ["deadlineMs"] = options.Deadline.TotalMilliseconds,
                ["seed"] = options.Seed,
                ["strategy"] = options.Strategy.ToString(),
                ["statusCodes"] = new JsonArray([.. options.StatusCodes.Select(c => (JsonNode)c)]),
                ["findAllFailures"] = options.FindAllFailures,
                ["parallelism"] = options.Parallelism,
            },
            ["parallel"] = new JsonObject
            {
                ["discardedRuns"] = result.DiscardedRuns,
                ["loneReruns"] = result.LoneReruns,
                ["loneRerunMs"] = result.LoneRerunTime.TotalMilliseconds,
                ["fallback"] = result.ParallelismFallback is { } fallback ? Fallback(fallback) : null,
            },
            ["experiments"] = result.Experiments,
            ["durationMs"] = result.Duration.TotalMilliseconds,
            ["solverTimeMs"] = result.SolverTime.TotalMilliseconds,
            ["callSites"] = new JsonArray([.. result.CallSites.Select(Site)]),
            ["failingFaultSets"] = new JsonArray([.. result.FailingFaultSets.Select(Set)]),
            ["hardening"] = new JsonArray([.. result.Hardening.Select(h => (JsonNode)new JsonObject
            {
                ["site"] = h.Site.Id,
                ["pattern"] = h.Pattern.ToString(),
                ["evidence"] = h.Evidence,
                ["fix"] = h.Fix,
                ["run"] = h.Run,
            })]),
            ["allFailuresFound"] = result.AllFailuresFound,
            ["experimentsAfterFirstFailure"] = result.ExperimentsAfterFirstFailure,
            ["realTimers"] = new JsonArray([.. result.RealTimers.Select(RealTimer)]),
            ["runs"] = new JsonArray([.. result.Runs.Select(Run)]),
        };
        return report.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonObject Fallback(ParallelismFallback fallback) => new()
    {
        ["experiment"] = fallback.Experiment,
        ["reason"] = fallback.Reason,
        ["outcomeChanged"] = fallback.OutcomeChanged,
        ["faultsNotFiredBesideOthers"] = Set(fallback.FaultsNotFiredBesideOthers),
        ["vanishedCalls"] = new JsonArray([.. fallback.VanishedCalls.Select(s => (JsonNode)s.Id)]),
        ["appearedCalls"] = new JsonArray([.. fallback.AppearedCalls.Select(s => (JsonNode)s.Id)]),
        ["changedAnswers"] = new JsonArray([.. fallback.ChangedAnswers.Select(c => (JsonNode)c)]),
        ["besideOthers"] = Run(fallback.BesideOthers),
    };

    private static JsonObject Site(CallSite site) => new()
    {
        ["id"] = site.Id,
        ["caller"] = site.Caller,
        ["callee"] = site.Callee,
        ["operation"] = site.Operation,
        ["ordinal"] = site.Ordinal,
        ["parent"] = site.Parent?.Id,
    };

    private static JsonArray Set(FaultSet set) => new([.. set.Select(f => (JsonNode)new JsonObject
    {
        ["value"] = f.Value,
        ["kind"] = f.Kind.ToString(),
        ["statusCode"] = f.StatusCode,
        ["site"] = f.Site.Id,
    })]);

    private static JsonObject Run(ExperimentRun run) => new()
    {
        ["number"] = run.Number,
        ["kind"] = run.Kind.ToString(),
        ["planned"] = Set(run.Planned),
        ["injected"] = Set(run.Injected),
        ["notInjected"] = Set(run.NotInjected),
        ["passed"] = run.Passed,
        ["deadlineExceeded"] = run.DeadlineExceeded,
        ["failure"] = run.Failure is { } f ? new JsonObject { ["type"] = FaultToleranceException.TypeNameOf(f), ["message"] = f.Message } : null,
        ["durationMs"] = run.Duration.TotalMilliseconds,
        ["virtualMs"] = run.VirtualDuration.TotalMilliseconds,
        ["stillRunning"] = run.StillRunning,
        ["calls"] = new JsonArray([.. run.Calls.Select(Call)]),
    };

    private static JsonObject Call(CallRecord call) => new()
    {
        ["site"] = call.Site.Id,
        ["caller"] = call.Site.Caller,
        ["callee"] = call.Site.Callee,
        ["operation"] = call.Site.Operation,
        ["ordinal"] = call.Site.Ordinal,
        ["outcome"] = call.Outcome.ToString(),
        ["fault"] = call.Fault?.Value,
        ["detail"] = call.Detail,
        ["heldMs"] = call.HeldFor?.TotalMilliseconds,
        ["holdEndedBy"] = call.HoldEndedBy,
        ["children"] = new JsonArray([.. call.Children.Select(Call)]),
    };
}
