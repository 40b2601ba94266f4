using NUnit.Framework;
using Shop.Testing;

namespace Shop.NUnitTests;

/// <summary>Starts the shop once for the tests of this namespace (NUnit's counterpart of Shop.Tests' collection fixture).</summary>
[SetUpFixture]
public sealed class ShopSetUp
{
    [OneTimeSetUp]
    public Task StartAsync() => SharedShop.AcquireAsync();

    [OneTimeTearDown]
    public Task StopAsync() => SharedShop.ReleaseAsync();
}
