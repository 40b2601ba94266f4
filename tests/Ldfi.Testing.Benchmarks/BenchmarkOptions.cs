using System.Globalization;

namespace Ldfi.Testing.Benchmarks;

/// <summary>The command line: <c>--output PATH</c>, <c>--systems N</c>, <c>--only a,b</c>, <c>--bdn</c>, <c>--no-real-time</c> (the exploration section without its real-time runs, for a quick look).</summary>
internal sealed record BenchmarkOptions(string? Output, int Systems, IReadOnlySet<string>? Only, bool Bdn, bool RealTime = true)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new BenchmarkOptions(
            Value("--output"),
            Value("--systems") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : Tests.Differential.DifferentialRun.Systems,
            Value("--only")?.Split(',').ToHashSet(StringComparer.OrdinalIgnoreCase),
            args.Contains("--bdn"),
            !args.Contains("--no-real-time"));
    }

    public bool Runs(string section) => Only is null || Only.Contains(section);
}

internal static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
