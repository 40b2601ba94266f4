using Ldfi.Testing.Xunit;

namespace Processes.Tests;

/// <summary>
/// The product page of the shop in processes (the gateway in Node.js), certified tolerant to any two faults. A
/// collection of its own, so it runs beside checkout's long real-time waits, on the same processes.
/// </summary>
[Collection(ShopProcessesCollection.ProductPage)]
public sealed class ProductPageTests(ShopProcesses shop)
{
    [FaultTolerant]
    public Task Product_page_answers_with_whatever_is_still_reachable() => Flows.ProductPageAnswersAsync(shop.Host.CreateClient);
}
