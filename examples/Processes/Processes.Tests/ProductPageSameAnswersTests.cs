using Ldfi.Testing;
using Xunit.Abstractions;

namespace Processes.Tests;

/// <summary>The product page in processes gives the in-process verdict over the same call sites and fault values.</summary>
[Collection(ShopProcessesCollection.ProductPage)]
public sealed class ProductPageSameAnswersTests(ShopProcesses shop, ITestOutputHelper output)
{
    [Fact]
    public async Task Product_page_is_tolerant_in_processes_as_in_process_over_the_same_call_sites()
    {
        await using var mesh = ShopMesh.Create();
        await SharedShop.WarmUpAsync(mesh);
        var options = new ExplorationOptions { MaxFaults = 2 };

        var inProcess = await FaultExplorer.ExploreAsync(ct => Flows.ProductPageAnswersAsync(mesh.CreateClient, ct), options);
        var unattributed = shop.Host.UnattributedCount;
        var processes = await FaultExplorer.ExploreAsync(ct => Flows.ProductPageAnswersAsync(shop.Host.CreateClient, ct), options);

        output.WriteLine("in-process: " + inProcess.Summary);
        output.WriteLine("processes:  " + processes.Summary);
        Assert.Equal(Verdict.Tolerant, processes.Verdict);
        Assert.Equal(inProcess.Verdict, processes.Verdict);
        Assert.Equal(inProcess.CallSites.Select(s => s.Id).Order(), processes.CallSites.Select(s => s.Id).Order());
        Assert.Equal(inProcess.Experiments, processes.Experiments);
        Assert.Equal(unattributed, shop.Host.UnattributedCount);
    }
}
