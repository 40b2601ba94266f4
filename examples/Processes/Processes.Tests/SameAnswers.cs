using Ldfi.Testing;
using Xunit.Abstractions;

namespace Processes.Tests;

/// <summary>One flow explored twice with the same options: on the in-process shop, then on the shop in processes.</summary>
internal static class SameAnswers
{
    /// <returns>Both results, and the processes' unattributed count before their exploration.</returns>
    public static async Task<(ExplorationResult InProcess, ExplorationResult Processes, int UnattributedBefore)> ExploreBothAsync(
        ShopProcesses shop, ITestOutputHelper output, Func<Func<string, HttpClient>, CancellationToken, Task> flow)
    {
        await using var mesh = ShopMesh.Create();
        await SharedShop.WarmUpAsync(mesh);
        var options = new ExplorationOptions { MaxFaults = 2 };

        var inProcess = await FaultExplorer.ExploreAsync(ct => flow(mesh.CreateClient, ct), options);
        var unattributed = shop.Host.UnattributedCount;
        var processes = await FaultExplorer.ExploreAsync(ct => flow(shop.Host.CreateClient, ct), options);

        output.WriteLine("in-process: " + inProcess.Summary);
        output.WriteLine("processes:  " + processes.Summary);
        return (inProcess, processes, unattributed);
    }
}
