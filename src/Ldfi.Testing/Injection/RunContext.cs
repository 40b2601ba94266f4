using System.Collections.Concurrent;

namespace Ldfi.Testing;

/// <summary>The live state of one run: its plan, its recorded calls and the faults that fired.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source is cancelled at End and deliberately not disposed: abandoned runs may still read it.")]
internal sealed class RunContext
{
    private static readonly ConcurrentDictionary<string, RunContext> Active = new(StringComparer.Ordinal);

    private readonly object gate = new();
    private readonly List<CallRecord> roots = [];
    private readonly List<CallRecord> all = [];
    private readonly Dictionary<string, CallRecord> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> rootOrdinals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Fault> plan;
    private readonly List<Fault> injected = [];
    private readonly CancellationTokenSource ended = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationToken endedToken;
    private readonly CancellationToken stoppingToken;
    private bool isEnded;
    private int tick;

    public RunContext(ExperimentRun run, RunSettings settings)
    {
        Run = run;
        Settings = settings;
        plan = run.Planned.ToDictionary(f => f.Site.Id, StringComparer.Ordinal);
        endedToken = ended.Token;
        stoppingToken = stopping.Token;
        Clock = new VirtualClock(settings.TimeProvider, settings.VirtualTime);
        Id = Guid.NewGuid().ToString("N");
        Active[Id] = this;
    }

    public string Id { get; }

    public ExperimentRun Run { get; }

    public RunSettings Settings { get; }

    /// <summary>Cancelled when the run ends, so held responses and waits of an abandoned run stop.</summary>
    public CancellationToken Ended => endedToken;

    /// <summary>
    /// Cancelled when the run is stopped (its deadline, a hang) or ends: held responses return at once and the test's
    /// own requests are cancelled, so the body can unwind before the next run starts.
    /// </summary>
    public CancellationToken Stopping => stoppingToken;

    /// <summary>Gets the threads running the run's code now (see <see cref="RunThreads"/>).</summary>
    public RunThreads Threads { get; } = new();

    /// <summary>Gets the run's clock: timers created in its flow live there.</summary>
    public VirtualClock Clock { get; }

    /// <summary>Stops the run without ending it: waits return, the body is asked to finish.</summary>
    public void Stop() => stopping.Cancel();

    public static RunContext? Find(string id) => Active.GetValueOrDefault(id);

    public CallRecord? FindCall(string callId)
    {
        lock (gate)
        {
            return byId.GetValueOrDefault(callId);
        }
    }

    public (CallRecord Record, Fault? Fault)? Begin(CallRecord? parent, string caller, string callee, string operation, IReadOnlyList<int>? statusCodes, bool exactCodes = false, string? variant = null)
    {
        lock (gate)
        {
            if (isEnded)
            {
                return null;
            }

            if (variant is not null)
            {
                operation = Settings.Distinguish(parent?.Site.Id, caller, callee, operation, variant, claim: Run.Kind == RunKind.Baseline);
            }

            var signature = $"{caller}>{callee} {operation}";
            var ordinal = parent is null ? CallRecord.NextOrdinal(rootOrdinals, signature) : parent.NextOrdinal(signature);
            var site = new CallSite(parent?.Site, caller, callee, operation, ordinal);
            var record = new CallRecord(site, parent, exactCodes && statusCodes is not null ? statusCodes : Settings.StatusCodesFor(callee, operation, statusCodes)) { Began = ++tick, BeganAt = Clock.Now, BeganAfter = Clock.LastFired is { } fired && fired.At == Clock.Now && Clock.Enabled ? fired.What : null };
            all.Add(record);
            byId[site.Id] = record;
            if (parent is null)
            {
                roots.Add(record);
            }
            else
            {
                parent.AddChild(record);
            }

            if (plan.TryGetValue(site.Id, out var fault))
            {
                record.Outcome = CallOutcome.Faulted;
                record.Fault = fault;
                injected.Add(fault);
            }

            // Error and Status faults answer without the callee: such a call is never in flight.
            if (fault is not { Kind: FaultKind.Error or FaultKind.Status })
            {
                Clock.SetRunning(record);
            }

            return (record, fault);
        }
    }

    /// <summary>
    /// The in-process callee of <paramref name="record"/> threw: a Delay planned for it held nothing, so it is dropped (not
    /// fired, the call failed organically), and the model learns that a Delay there repeats the run without it.
    /// </summary>
    public void Threw(CallRecord record)
    {
        lock (gate)
        {
            record.DelayHoldsNothing = true;
            if (record.Fault is { Kind: FaultKind.Delay } fault && record.Outcome == CallOutcome.Faulted)
            {
                injected.Remove(fault);
                record.Fault = null;
                record.Outcome = CallOutcome.Pending;
            }
        }
    }

    public void Complete(CallRecord record, bool success, string? detail)
    {
        lock (gate)
        {
            if (record.Outcome == CallOutcome.Pending)
            {
                record.Outcome = success ? CallOutcome.Succeeded : CallOutcome.Failed;
            }

            if (record.Ended == 0)
            {
                record.Ended = ++tick;
            }

            record.Detail ??= detail;
        }

        Clock.SetDone(record);
    }

    public IReadOnlyList<Fault> InjectedSoFar()
    {
        lock (gate)
        {
            return [.. injected];
        }
    }

    /// <summary>Ends the run: later calls pass through unrecorded, and the recording is copied to <see cref="Run"/>.</summary>
    public void End()
    {
        lock (gate)
        {
            if (isEnded)
            {
                return;
            }

            isEnded = true;
            Active.TryRemove(Id, out _);
            var ordered = CallRecord.Order(roots);
            Run.Calls = ordered;
            Run.AllCalls = [.. Flatten(ordered)];
            Run.Injected = new FaultSet(injected);
            Run.NotInjected = new FaultSet(Run.Planned.Where(f => !byId.ContainsKey(f.Site.Id)));
        }

        Clock.End();

        // Not disposed: abandoned callbacks of a timed-out run may still read the tokens.
        stopping.Cancel();
        ended.Cancel();
    }

    private static IEnumerable<CallRecord> Flatten(IEnumerable<CallRecord> calls)
    {
        foreach (var call in calls)
        {
            yield return call;
            foreach (var child in Flatten(call.Children))
            {
                yield return child;
            }
        }
    }
}
