using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Ldfi.Testing.Benchmarks;

/// <summary>One CP-SAT solve on the target model size (1,000 call sites, 100 passing-run clauses), under BenchmarkDotNet (<c>--bdn</c>).</summary>
[MemoryDiagnoser]
public class SolveBenchmark
{
    private CpSatPlanner? planner;

    [Params(100, 1_000)]
    public int Edges { get; set; }

    [Params(100)]
    public int Clauses { get; set; }

    /// <summary>In-process (the planner is internal to Ldfi.Testing), short run: a few minutes at most.</summary>
    public static IConfig Config() => DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .WithOptions(ConfigOptions.JoinSummary);

    [GlobalSetup]
    public void Setup() => planner = new CpSatPlanner(SyntheticModel.Build(Edges, Clauses, seed: Edges + Clauses));

    [Benchmark]
    public FaultSet? Solve() => planner!.Next();
}
