using Ldfi.Testing.Xunit;

namespace Processes.Tests;

/// <summary>
/// The demo across processes: red on purpose, like the in-process one (a late charge is retried by the standard
/// resilience handler of the orders process and charges twice). <see cref="SameAnswersTests"/> proves the finding in CI.
/// </summary>
[Collection(ShopProcessesCollection.Checkout)]
[Trait("Category", "Demo")]
public sealed class CheckoutTests(ShopProcesses shop)
{
    [FaultTolerant]
    public Task Customer_is_charged_at_most_once() => Flows.CheckoutChargesAtMostOnceAsync(shop.Host.CreateClient);
}
