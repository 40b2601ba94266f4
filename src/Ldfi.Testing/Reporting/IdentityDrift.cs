using System.Net;

namespace Ldfi.Testing;

/// <summary>
/// Planned faults whose call never happened (docs/design.md, Nondeterminism), named with the calls that happened in their
/// place and the likely cause: state shared by experiments running at once (the run ran beside others and its lone
/// re-run fired the fault), the callee's address changed between runs (a stub or server on another port or IP), an id
/// in the path that normalisation missed (a timestamp, a random token: only when the path in its place has the same
/// shape with an id-like segment changed), another call of the same callee (the run took another path), or a race
/// that reorders calls.
/// </summary>
internal static class IdentityDrift
{
    public static IReadOnlyList<string> Lines(ExplorationResult result) =>
        [.. Shared(result).Concat(result.Runs.Where(r => r.Kind != RunKind.Confirmation).SelectMany(Lines)).Distinct(StringComparer.Ordinal)];

    /// <summary>The planned faults that did not fire beside other experiments and fired when the run was re-run alone.</summary>
    public static IEnumerable<string> Shared(ExplorationResult result)
    {
        if (result.ParallelismFallback is not { } fallback)
        {
            yield break;
        }

        foreach (var fault in fallback.FaultsNotFiredBesideOthers)
        {
            yield return $"run #{fallback.Experiment}: {fault.Value} on {fault.Site} was planned but that call never happened while the run ran beside other experiments; "
                + "re-run alone, the fault fired. Not an identity problem: the experiments share state (a stub server or database reset by one test's tear-down, a cache, a static), "
                + $"so the parallel run was not counted and the rest of the exploration ran one experiment at a time. Keep per-test state apart to keep Parallelism {result.Options.Parallelism} fast.";
        }
    }

    public static IEnumerable<string> Lines(ExperimentRun run)
    {
        foreach (var fault in run.NotInjected)
        {
            var parent = fault.Site.Parent?.Id;
            var siblings = run.AllCalls.Where(c => c.Site.Parent?.Id == parent && c.Site.Caller == fault.Caller).Select(c => c.Site).ToList();
            var moved = IsAddress(fault.Callee)
                ? siblings.Where(s => s.Callee != fault.Callee && s.Operation == fault.Operation).ToList()
                : [];
            var sameCallee = siblings.Where(s => s.Callee == fault.Callee).ToList();
            var idChanged = sameCallee.Where(s => IdChanged(fault.Operation, s.Operation)).ToList();
            var (instead, cause) = (moved, idChanged, sameCallee) switch
            {
                ({ Count: > 0 }, _, _) => (moved, AddressChanged(fault.Callee, moved[0].Callee)),
                (_, { Count: > 0 }, _) => (idChanged, IdInPath),
                _ when sameCallee.Any(s => s.Operation != fault.Operation) => (sameCallee, AnotherCall),
                (_, _, { Count: > 0 }) => (sameCallee, Reordered),
                _ => (sameCallee, Unknown),
            };
            yield return $"run #{run.Number}: {fault.Value} on {fault.Site} was planned but that call never happened"
                + (instead.Count > 0 ? $"; in its place: {string.Join(", ", instead)}" : string.Empty)
                + ". " + cause;
        }
    }

    private const string IdInPath =
        "The same callee was called with another path: if it is the same call, an id in its path (a date, a token) escaped normalisation; normalise it in the path, or keep it out of the path (a query string or a header).";

    private const string AnotherCall =
        "The same callee was called for something else, not the same call with an id changed: the run took another path before reaching the planned call, "
        + "because an earlier answer changed. Look for state the runs share (a stub or database reset by a tear-down, a cache) or nondeterminism in the test.";

    private const string Reordered =
        "The same call has another ordinal: calls with the same signature were made in another order or number; make the order of calls deterministic.";

    private const string Unknown =
        "If the same call got another identity, normalise the id in its path or make the order of calls deterministic.";

    private static string AddressChanged(string planned, string now) =>
        IsAddress(now)
            ? $"The same call went to another address ({planned}, now {now}): the callee's address changed between runs (only its port or IP differs), so its identity did too. "
                + "Name the callee by something stable: with AddFaultInjection, loopback and IP callees are named by their IHttpClientFactory client (set FaultInjectionOptions.CalleeName to choose); a hand-made FaultInjectionHandler takes CalleeName."
            : $"The same call was known by its address ({planned}) and is now named {now}: the callee's address changed between runs, or the fault was remembered before callees were named by their client. It will match from the next run on.";

    /// <summary>
    /// Whether two operations are the same call with an id changed: the same method and number of path segments, and
    /// every segment that differs holds an id on one side at least (a digit, or a token of 16 characters or more).
    /// </summary>
    private static bool IdChanged(string planned, string now)
    {
        var a = planned.Split(' ', 2);
        var b = now.Split(' ', 2);
        if (a.Length != 2 || b.Length != 2 || a[0] != b[0] || a[1] == b[1])
        {
            return false;
        }

        var x = a[1].Split('/');
        var y = b[1].Split('/');
        return x.Length == y.Length && x.Zip(y).All(p => p.First == p.Second || IdLike(p.First) || IdLike(p.Second));
    }

    private static bool IdLike(string segment) => segment.Any(char.IsAsciiDigit) || segment.Length >= 16;

    /// <summary>Whether a callee name is a network address (an IP literal, or a host with a port) rather than a name.</summary>
    private static bool IsAddress(string callee)
    {
        var colon = callee.LastIndexOf(':');
        if (colon > 0 && callee.LastIndexOf(']') < colon && int.TryParse(callee.AsSpan(colon + 1), out _))
        {
            return true; // host:port or [v6]:port
        }

        var host = callee.Trim('[', ']');
        return (host.Contains('.', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal)) && IPAddress.TryParse(host, out _);
    }
}
