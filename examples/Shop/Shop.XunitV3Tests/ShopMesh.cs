using Ldfi.Testing.Hosting;

// Timing-sensitive explorations on a shared machine, and a Harness that points LDFI_RESULTS_DIR (process-wide) at a
// directory of its own: the tests of this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Shop.XunitV3Tests;

/// <summary>
/// One shop shared by the tests of the collection: started and warmed up by the first fixture, disposed with the last.
/// Counting users lets a test run the assembly's own tests in process (<see cref="Harness"/>): the nested run's
/// collection fixture joins the running shop instead of starting a second one.
/// </summary>
public sealed class ShopFixture : IAsyncLifetime
{
    public ServiceMesh Mesh => SharedShop.Mesh;

    public async ValueTask InitializeAsync() => await SharedShop.AcquireAsync();

    public async ValueTask DisposeAsync() => await SharedShop.ReleaseAsync();
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopFixture>
{
    public const string Name = "shop";
}
