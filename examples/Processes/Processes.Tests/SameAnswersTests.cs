using Ldfi.Testing;
using Xunit.Abstractions;

namespace Processes.Tests;

/// <summary>The shop in processes gives the in-process shop's verdict and minimal failing set.</summary>
[Collection(ShopProcessesCollection.Checkout)]
public sealed class SameAnswersTests(ShopProcesses shop, ITestOutputHelper output)
{
    [Fact]
    public async Task Checkout_finds_the_same_double_charge_in_processes_as_in_process()
    {
        var (inProcess, processes, unattributed) = await SameAnswers.ExploreBothAsync(shop, output, (client, ct) => Flows.CheckoutChargesAtMostOnceAsync(client, ct));

        Assert.Equal(Verdict.Failed, processes.Verdict);
        Assert.Equal(inProcess.Verdict, processes.Verdict);
        Assert.Equal("{Delay on orders → payments POST /charges #1}", processes.FailingFaultSet!.ToString());
        Assert.Equal(inProcess.FailingFaultSet!.ToString(), processes.FailingFaultSet.ToString());
        Assert.Equal("gateway>orders POST /orders#1", Assert.Single(processes.FailingFaultSet).Site.Parent?.Id);

        // Every request of every process carried its experiment: none reached a proxy unattributed.
        Assert.Equal(unattributed, shop.Host.UnattributedCount);
    }
}
