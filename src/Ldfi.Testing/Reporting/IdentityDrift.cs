namespace Ldfi.Testing;

/// <summary>
/// Planned faults whose call never happened (DESIGN.md, Nondeterminism): usually a timestamp or random id in a path
/// that normalisation missed, or a race that reorders calls. Named with the calls that happened in their place.
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
            var instead = run.AllCalls
                .Where(c => c.Site.Parent?.Id == parent && c.Site.Caller == fault.Caller && c.Site.Callee == fault.Callee)
                .Select(c => c.Site.ToString())
                .ToList();
            yield return $"run #{run.Number}: {fault.Value} on {fault.Site} was planned but that call never happened"
                + (instead.Count > 0 ? $"; in its place: {string.Join(", ", instead)}" : string.Empty)
                + ". If the same call got another identity, normalise the id in its path or make the order of calls deterministic.";
        }
    }
}
