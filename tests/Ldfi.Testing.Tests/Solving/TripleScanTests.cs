using Xunit;

namespace Ldfi.Testing.Tests.Solving;

/// <summary>
/// Sets of three faults on small models come from <see cref="TripleFaultSetScan"/>, not CP-SAT: each plan must be the
/// brute-force <see cref="RankOracle"/>'s answer, with and without excluded sets, and CP-SAT is never built.
/// </summary>
public class TripleScanTests
{
    [Fact]
    public void Three_fault_plans_of_a_small_model_equal_brute_force_without_building_CP_SAT()
    {
        var triples = 0;
        for (var seed = 0; seed < 120; seed++)
        {
            var system = new RandomLineage(seed, maxFaults: 3);
            system.Start();
            var planner = new CpSatPlanner(system.Model);
            for (var step = 0; step < 80; step++)
            {
                var next = planner.Next();
                Assert.True(Equals(RankOracle.Next(system.Model, []), next), $"seed {seed}, step {step}: brute force {RankOracle.Next(system.Model, [])}, planner {next}");
                if (next is null)
                {
                    break;
                }

                if (next.Count == 3)
                {
                    triples++;
                    Assert.Equal(RankOracle.Next(system.Model, [next]), planner.Next([next]));
                }

                system.Learn(next);
            }

            Assert.Null(planner.Search);
        }

        Assert.True(triples > 100, $"only {triples} plans of three faults");
    }
}
