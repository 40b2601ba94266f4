using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing;
using Ldfi.Testing.XunitV3;
using Shop.Contracts;

namespace Shop.XunitV3Tests;

/// <summary>The product page keeps answering, with whatever is still reachable: certified tolerant to any two faults.</summary>
[Collection(ShopCollection.Name)]
public sealed class ProductPageTests(ShopFixture shop)
{
    [FaultTolerant]
    public async Task Product_page_answers_with_whatever_is_still_reachable()
    {
        using var gateway = shop.Mesh.CreateClient("gateway");

        using var response = await gateway.GetAsync(new Uri("products/SKU-1003", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<ProductPage>(TestContext.Current.CancellationToken))!;
        Assert.Equal("Hydration vest", page.Product.Name);
        var experiment = FaultInjection.Current!;
        Assert.Equal(experiment.WasInjected("recommendations"), page.Degraded.Contains(ProductPageParts.Recommendations));
        if (!experiment.WasInjected())
        {
            Assert.Empty(page.Degraded);
        }
    }
}
