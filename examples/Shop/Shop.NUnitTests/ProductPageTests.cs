using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing;
using Ldfi.Testing.NUnit;
using NUnit.Framework;
using Shop.Contracts;

namespace Shop.NUnitTests;

/// <summary>The product page keeps answering, with whatever is still reachable: certified tolerant to any two faults.</summary>
public sealed class ProductPageTests
{
    [FaultTolerant]
    public async Task Product_page_answers_with_whatever_is_still_reachable()
    {
        using var gateway = SharedShop.Mesh.CreateClient("gateway");

        using var response = await gateway.GetAsync(new Uri("products/SKU-1003", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = (await response.Content.ReadFromJsonAsync<ProductPage>())!;
        Assert.That(page.Product.Name, Is.EqualTo("Hydration vest"));
        var experiment = FaultInjection.Current!;
        Assert.That(page.Degraded.Contains(ProductPageParts.Recommendations), Is.EqualTo(experiment.WasInjected("recommendations")));
        if (!experiment.WasInjected())
        {
            Assert.That(page.Degraded, Is.Empty);
        }
    }
}
