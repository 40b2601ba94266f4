using Ldfi.Testing;
using Ldfi.Testing.Hosting;
using Xunit.Abstractions;

namespace Processes.Tests;

/// <summary>The shop in processes gives the in-process shop's verdict and minimal failing set.</summary>
[Collection(ShopProcessesCollection.Checkout)]
public sealed class SameAnswersTests(ShopProcesses shop, ITestOutputHelper output)
{
    [Fact]
    public async Task Checkout_finds_the_same_double_charge_in_processes_as_in_process()
    {
        await using var mesh = ShopMesh.Create();
        await SharedShop.WarmUpAsync(mesh);
        var options = new ExplorationOptions { MaxFaults = 2 };

        var inProcess = await FaultExplorer.ExploreAsync(ct => Flows.CheckoutChargesAtMostOnceAsync(mesh.CreateClient, ct), options);
        var unattributed = shop.Host.UnattributedCount;
        var processes = await FaultExplorer.ExploreAsync(ct => Flows.CheckoutChargesAtMostOnceAsync(shop.Host.CreateClient, ct), options);

        output.WriteLine("in-process: " + inProcess.Summary);
        output.WriteLine("processes:  " + processes.Summary);
        Assert.Equal(Verdict.Failed, processes.Verdict);
        Assert.Equal(inProcess.Verdict, processes.Verdict);
        Assert.Equal("{Delay on orders → payments POST /charges #1}", processes.FailingFaultSet!.ToString());
        Assert.Equal(inProcess.FailingFaultSet!.ToString(), processes.FailingFaultSet.ToString());
        Assert.Equal("gateway>orders POST /orders#1", Assert.Single(processes.FailingFaultSet).Site.Parent?.Id);

        // Every request of every process carried its experiment: none reached a proxy unattributed.
        Assert.Equal(unattributed, shop.Host.UnattributedCount);
    }
}
