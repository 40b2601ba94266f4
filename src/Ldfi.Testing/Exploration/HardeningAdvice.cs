namespace Ldfi.Testing;

/// <summary>The weakness the recorded runs show at a call site that is in every minimal failing fault set (<see cref="HardeningAdvice"/>).</summary>
public enum HardeningPattern
{
    /// <summary>No known pattern fits what the runs show.</summary>
    None,

    /// <summary>A Delay on the call left its callee's work done, the caller retried it (the same call with the next ordinal, begun after the first ended for it), the callee did it again, and the test failed.</summary>
    RetriedNonIdempotentCall,

    /// <summary>A Delay on the call left its callee's work done, the caller sent a hedged attempt while it was still held, the callee did that too, and the test failed.</summary>
    HedgedNonIdempotentCall,

    /// <summary>A Delay on the call stopped the run: no timer of the run could ever end the wait (<see cref="DeadlineExceededException.IsUnguarded"/>).</summary>
    UnguardedCall,

    /// <summary>An Error or a Status on the call alone failed the test, and no other call appeared in its place.</summary>
    RequiredCallWithoutFallback,
}

/// <summary>
/// Where to harden: a call (all its attempts) that is in every minimal failing fault set found, so hardening it removes every known
/// failure; with the pattern the recorded runs show (recognised from the calls, their ordinals, held responses, fault
/// kinds and who answered, never from names) and the idiomatic .NET fix. See <see cref="ExplorationResult.Hardening"/>.
/// </summary>
public sealed class HardeningAdvice
{
    internal HardeningAdvice(CallSite site, HardeningPattern pattern, string evidence, string fix, int run)
    {
        Site = site;
        Pattern = pattern;
        Evidence = evidence;
        Fix = fix;
        Run = run;
    }

    /// <summary>
    /// Gets the call site to harden: the attempt whose fault the evidence is about. Every attempt of the call (the same
    /// signature under the same parent, any ordinal) counts as that call site; <see cref="Call"/> names them all.
    /// </summary>
    public CallSite Site { get; }

    /// <summary>Gets the call to harden with all its attempts, as reports name it: <c>orders → payments POST /charges</c>.</summary>
    public string Call => Hardening.Call(Site);

    /// <summary>Gets the pattern the recorded runs show, or <see cref="HardeningPattern.None"/>.</summary>
    public HardeningPattern Pattern { get; }

    /// <summary>Gets what the failing run shows, in a sentence.</summary>
    public string Evidence { get; }

    /// <summary>Gets the idiomatic .NET fix for the pattern.</summary>
    public string Fix { get; }

    /// <summary>Gets the number of the failing run the evidence comes from.</summary>
    public int Run { get; }

    /// <summary>Gets the fix in a few words, for the summary line: <c>an idempotency key</c>, <c>a timeout</c>, <c>a fallback</c>; null for no known pattern.</summary>
    public string? ShortFix => Pattern switch
    {
        HardeningPattern.RetriedNonIdempotentCall or HardeningPattern.HedgedNonIdempotentCall => "an idempotency key",
        HardeningPattern.UnguardedCall => "a timeout",
        HardeningPattern.RequiredCallWithoutFallback => "a fallback",
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() => $"{Call}: {Evidence} Fix: {Fix}";
}
