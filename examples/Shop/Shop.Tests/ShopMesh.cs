using Ldfi.Testing.Hosting;

namespace Shop.Tests;

/// <summary>One shop shared by the tests of a collection: started, and warmed up so no experiment pays for JIT.</summary>
public sealed class ShopFixture : IAsyncLifetime
{
    public ServiceMesh Mesh { get; } = ShopMesh.Create();

    public async Task InitializeAsync()
    {
        await SharedShop.WarmUpAsync(Mesh);
    }

    public async Task DisposeAsync() => await Mesh.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopFixture>
{
    public const string Name = "shop";
}
