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
        var (inProcess, processes, unattributed) = await SameAnswers.ExploreBothAsync(shop, output, (client, ct) => Flows.ProductPageAnswersAsync(client, ct));

        Assert.Equal(Verdict.Tolerant, processes.Verdict);
        Assert.Equal(inProcess.Verdict, processes.Verdict);
        Assert.Equal(inProcess.CallSites.Select(s => s.Id).Order(), processes.CallSites.Select(s => s.Id).Order());
        Assert.Equal(inProcess.Experiments, processes.Experiments);
        Assert.Equal(unattributed, shop.Host.UnattributedCount);
    }
}
