using System.Net;

namespace Ldfi.Testing;

/// <summary>
/// Planned faults whose call never happened (docs/design.md, Nondeterminism), named with the calls that happened in their
/// place and the likely cause: the callee's address changed between runs (a stub or server on another port or IP),
/// an id in the path that normalisation missed (a timestamp, a random token), or a race that reorders calls.
/// </summary>
internal static class IdentityDrift
{
    public static IReadOnlyList<string> Lines(ExplorationResult result) =>
        [.. result.Runs.Where(r => r.Kind != RunKind.Confirmation).SelectMany(Lines).Distinct(StringComparer.Ordinal)];

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
            var (instead, cause) = moved.Count > 0
                ? (moved, AddressChanged(fault.Callee, moved[0].Callee))
                : sameCallee.Any(s => s.Operation != fault.Operation)
                    ? (sameCallee, IdInPath)
                    : sameCallee.Count > 0
                        ? (sameCallee, Reordered)
                        : (sameCallee, Unknown);
            yield return $"run #{run.Number}: {fault.Value} on {fault.Site} was planned but that call never happened"
                + (instead.Count > 0 ? $"; in its place: {string.Join(", ", instead)}" : string.Empty)
                + ". " + cause;
        }
    }

    private const string IdInPath =
        "The same callee was called with another path: if it is the same call, an id in its path (a date, a token) escaped normalisation; normalise it in the path, or keep it out of the path (a query string or a header).";

    private const string Reordered =
        "The same call has another ordinal: calls with the same signature were made in another order or number; make the order of calls deterministic.";

    private const string Unknown =
        "If the same call got another identity, normalise the id in its path or make the order of calls deterministic.";

    private static string AddressChanged(string planned, string now) =>
        IsAddress(now)
            ? $"The same call went to another address ({planned}, now {now}): the callee's address changed between runs (only its port or IP differs), so its identity did too. "
                + "Name the callee by something stable: with AddFaultInjection, loopback and IP callees are named by their IHttpClientFactory client (set FaultInjectionOptions.CalleeName to choose); a hand-made FaultInjectionHandler takes CalleeName."
            : $"The same call was known by its address ({planned}) and is now named {now}: the callee's address changed between runs, or the fault was remembered before callees were named by their client. It will match from the next run on.";

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
