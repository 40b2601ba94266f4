namespace Ldfi.Testing;

/// <summary>
/// Finds where to harden (<see cref="ExplorationResult.Hardening"/>): the call sites in every minimal failing fault set,
/// each with the pattern its failing runs show, ranked known patterns first, then in the order of the first set.
/// </summary>
internal static class Hardening
{
    public static IReadOnlyList<HardeningAdvice> Of(ExplorationResult result)
    {
        var sets = result.FailingFaultSets;
        if (result.Verdict != Verdict.Failed || sets.Count == 0)
        {
            return [];
        }

        // A call site to harden is a call with all its attempts: the same signature under the same parent, any ordinal.
        var common = sets[0].Select(f => f.Site).DistinctBy(Key).Where(site => sets.All(set => set.Any(f => Key(f.Site) == Key(site)))).ToList();
        var advice = new List<HardeningAdvice>();
        foreach (var site in common)
        {
            HardeningAdvice? found = null;
            foreach (var set in sets)
            {
                if (result.Runs.FirstOrDefault(r => !r.Passed && r.Injected.Equals(set)) is not { } run)
                {
                    continue;
                }

                foreach (var attempt in set.Where(f => Key(f.Site) == Key(site)).OrderBy(f => f.Site.Ordinal))
                {
                    found ??= Recognise(result, run, set, attempt.Site);
                }

                if (found is not null)
                {
                    break;
                }
            }

            advice.Add(found ?? new HardeningAdvice(site, HardeningPattern.None,
                "No known pattern fits the recorded runs.",
                "Harden this call or what depends on it: the failing run's call tree shows what happened.",
                result.FailingRun?.Number ?? 0));
        }

        return [.. advice.Select((a, i) => (a, i)).OrderBy(x => x.a.Pattern == HardeningPattern.None ? 1 : 0).ThenBy(x => x.i).Select(x => x.a)];
    }

    /// <summary>Names a call site to harden with all its attempts: <c>orders → payments POST /charges</c>, and what it served.</summary>
    public static string Call(CallSite site) =>
        $"{site.Caller} → {site.Callee} {site.Operation}" + (site.Parent is { } parent ? $" (while serving {parent})" : string.Empty);

    private static string Key(CallSite site) => $"{site.Parent?.Id}|{site.Signature}";

    private static HardeningAdvice? Recognise(ExplorationResult result, ExperimentRun run, FaultSet set, CallSite site)
    {
        var fault = set.First(f => f.Site.Id == site.Id);
        var call = run.AllCalls.FirstOrDefault(c => c.Site.Id == site.Id);
        if (call is null)
        {
            return null;
        }

        var next = run.AllCalls.FirstOrDefault(c => Attempts.Previous(run, c) == call);
        if (fault.Kind == FaultKind.Delay && next is not null && Attempts.Reached(call) && Attempts.Reached(next))
        {
            var operation = $"{site.Callee} {site.Operation}";
            return Attempts.Kind(run, next) == AttemptKind.Hedged
                ? new HardeningAdvice(site, HardeningPattern.HedgedNonIdempotentCall,
                    $"Under a Delay on #{site.Ordinal}, {site.Callee} did the work; {site.Caller} sent a hedged attempt (#{next.Site.Ordinal}) while #{site.Ordinal} was still held, {site.Callee} did it again, and the test failed (run #{run.Number}).",
                    $"Make {operation} idempotent with an idempotency key: the same key (an Idempotency-Key header) on every attempt, {site.Callee} answering a repeated key with its first answer. Or do not hedge unsafe methods: a client without AddStandardHedgingHandler() for this call.",
                    run.Number)
                : new HardeningAdvice(site, HardeningPattern.RetriedNonIdempotentCall,
                    $"Under a Delay on #{site.Ordinal}, {site.Callee} did the work; {site.Caller} gave up and retried (#{next.Site.Ordinal}), {site.Callee} did it again, and the test failed (run #{run.Number}).",
                    $"Make {operation} idempotent with an idempotency key: the same key (an Idempotency-Key header) on every attempt, {site.Callee} answering a repeated key with its first answer. Or do not retry unsafe methods: options.Retry.DisableForUnsafeHttpMethods() on the resilience handler.",
                    run.Number);
        }

        if (fault.Kind == FaultKind.Delay && run.Failure is DeadlineExceededException { IsUnguarded: true } stopped && stopped.WaitingOn.Any(s => s.Id == site.Id))
        {
            return new HardeningAdvice(site, HardeningPattern.UnguardedCall,
                $"Under a Delay on it, nothing could ever end {site.Caller}'s wait: no timer of the run guarded it (run #{run.Number}).",
                "Give the call a timeout: HttpClient.Timeout, a resilience handler's timeout (AddStandardResilienceHandler()), or a CancellationToken that CancelAfter on the service's TimeProvider cancels.",
                run.Number);
        }

        var changes = new RunComparison(result.Baseline, run);
        if (set.Count == 1 && fault.Kind is FaultKind.Error or FaultKind.Status && changes.Appeared.Count == 0)
        {
            return new HardeningAdvice(site, HardeningPattern.RequiredCallWithoutFallback,
                $"{fault.Value} on it alone failed the test, and no other call appeared in its place (run #{run.Number}).",
                $"Give {site.Caller} a fallback or a degraded answer when {site.Callee} fails: another source (a replica, a cache), a default, or an answer that says what is missing (a fallback strategy: AddFallback in a resilience pipeline).",
                run.Number);
        }

        return null;
    }
}
