using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing.Xunit;
using Portfolio.Api;

namespace Portfolio.Tests;

/// <summary>
/// The demo: an ordinary test that passes as a <c>[Fact]</c>. As <c>[FaultTolerant]</c> it fails: one failed call to the
/// coins service fails the whole page, because the holdings are read once with no retry and no fallback. Run it twice:
/// the second run replays the remembered failure in its first experiment, although the stubs are on new ports.
/// Red on purpose, so outside CI (<c>Category=Demo</c>); <see cref="RememberedFailureTests"/> proves what it shows.
/// </summary>
[Collection(PortfolioCollection.Name)]
[Trait("Category", "Demo")]
public sealed class PortfolioTests(PortfolioFixture portfolio)
{
    [FaultTolerant]
    public async Task Portfolio_value_is_shown()
    {
        using var client = portfolio.CreateClient();

        using var response = await client.GetAsync(new Uri("portfolios/alice", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var value = (await response.Content.ReadFromJsonAsync<PortfolioValue>())!;
        Assert.True(value.Total > 0, $"The portfolio was worth {value.Total} {value.Currency}.");
    }
}
