using System.Net;
using Ldfi.Testing.Sdk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>
/// Default Status faults are the ones a correct caller can meet (issue 24, part 1): a callee's declared codes that mean
/// the caller's own request is wrong or unauthorised are tried only when opted in.
/// </summary>
public sealed class CallerErrorTests
{
    /// <summary>
    /// front always sends the customer header ordering declares a 400 for; it answers "accepted, retry later" when
    /// ordering is down (any 5xx), and treats a 400 as its own bug.
    /// </summary>
    private static async Task<(Apps Apps, Func<CancellationToken, Task> Test)> StartAsync()
    {
        var apps = new Apps();
        await apps.StartAsync("ordering", null, app => app.MapPost("/orders", (HttpContext context) =>
            string.IsNullOrEmpty(context.Request.Headers["X-Customer"]) ? Results.Problem(statusCode: 400) : Results.Ok("order 1"))
            .Produces<string>().ProducesProblem(400));
        await apps.StartAsync("front", services => apps.To(services, "ordering"), app => app.MapPost("/checkout", async (IHttpClientFactory factory) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("orders", UriKind.Relative));
            request.Headers.Add("X-Customer", "c1");
            using var response = await factory.CreateClient("ordering").SendAsync(request);
            return (int)response.StatusCode switch
            {
                < 300 => Results.Ok(await response.Content.ReadAsStringAsync()),
                >= 500 => Results.Accepted(),
                _ => Results.Problem($"ordering refused our request: {(int)response.StatusCode}", statusCode: 500),
            };
        }));
        var client = apps.Client("front");
        return (apps, async ct =>
        {
            using var response = await client.PostAsync(new Uri("checkout", UriKind.Relative), null, ct);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"checkout answered {(int)response.StatusCode}");
        });
    }

    [Fact]
    public async Task A_declared_400_for_a_header_the_caller_always_sends_is_not_injected_by_default()
    {
        var (apps, test) = await StartAsync();
        await using var _ = apps;

        var result = await FaultExplorer.ExploreAsync(test, new ExplorationOptions { Faults = FaultKind.Status, MaxFaults = 1 });

        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        Assert.Equal([500, 503], result.Runs.SelectMany(r => r.Planned).Select(f => f.StatusCode!.Value).Distinct().Order());
    }

    [Fact]
    public async Task Opting_in_bad_requests_finds_the_400_failure()
    {
        var (apps, test) = await StartAsync();
        await using var _ = apps;

        var result = await FaultExplorer.ExploreAsync(test, new ExplorationOptions { Faults = FaultKind.Status, MaxFaults = 1, CallerErrorStatuses = CallerErrors.BadRequest });

        Assert.True(result.Verdict == Verdict.Failed, result.Summary);
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal((FaultKind.Status, 400, "ordering"), (fault.Kind, fault.StatusCode, fault.Callee));
    }

    [Fact]
    public async Task The_attributes_settings_opt_in_the_same_way()
    {
        var (apps, test) = await StartAsync();
        await using var _ = apps;

        var options = new FaultTolerantSettings { Faults = FaultKind.Status, MaxFaults = 1, CallerErrorStatuses = CallerErrors.All }.ToOptions();
        var result = await FaultExplorer.ExploreAsync(test, options);

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal(400, Assert.Single(result.FailingFaultSet!).StatusCode);
    }

    [Theory]
    [InlineData(new[] { 400, 401, 403, 405, 406, 411, 413, 414, 415, 422, 431 }, CallerErrors.None, new int[0])]
    [InlineData(new[] { 404, 408, 409, 410, 412, 423, 429, 402, 502, 504 }, CallerErrors.None, new[] { 402, 404, 408, 409, 410, 412, 423, 429, 502, 504 })]
    [InlineData(new[] { 400, 401, 403, 405, 422 }, CallerErrors.BadRequest, new[] { 400, 422 })]
    [InlineData(new[] { 400, 401, 403, 405, 422 }, CallerErrors.Unauthorized | CallerErrors.Forbidden, new[] { 401, 403 })]
    [InlineData(new[] { 400, 401, 403, 405, 406 }, CallerErrors.All, new[] { 400, 401, 403, 405, 406 })]
    public void Declared_codes_add_to_the_defaults_without_the_caller_errors_not_opted_in(int[] declared, CallerErrors optedIn, int[] added)
    {
        var settings = new RunSettings(new ExplorationOptions { CallerErrorStatuses = optedIn });

        Assert.Equal([.. added.Append(500).Append(503).Order()], settings.StatusCodesFor("ordering", "POST /orders", declared));
        Assert.Equal([500, 503], settings.StatusCodesFor("ordering", "POST /orders", null));
    }

    [Fact]
    public void Codes_set_by_the_test_are_tried_as_they_are()
    {
        var options = new ExplorationOptions { StatusCodes = [400, 500] };
        options.StatusCodesByCallee["payments"] = [401];
        var settings = new RunSettings(options);

        Assert.Equal([400, 500], settings.StatusCodesFor("ordering", "POST /orders", [403]));
        Assert.Equal([401], settings.StatusCodesFor("payments", "POST /charges", [400, 409]));
    }

    [Theory]
    [InlineData(CallerErrors.None, new[] { 13, 14 })]
    [InlineData(CallerErrors.BadRequest, new[] { 3, 13, 14 })]
    [InlineData(CallerErrors.All, new[] { 3, 7, 13, 14, 16 })]
    public void Grpc_calls_get_the_opted_in_classes_codes(CallerErrors optedIn, int[] codes)
    {
        Assert.Equal(codes, new RunSettings(new ExplorationOptions { CallerErrorStatuses = optedIn }).GrpcStatusCodes);
    }

    [Fact]
    public void An_unknown_class_is_refused_with_the_classes_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FaultTolerantSettings { CallerErrorStatuses = (CallerErrors)32 }.ToOptions());

        Assert.Equal(nameof(FaultTolerantSettings.CallerErrorStatuses), error.ParamName);
        Assert.StartsWith("[FaultTolerant] CallerErrorStatuses must be None or a combination of CallerErrors.BadRequest, CallerErrors.Unauthorized, CallerErrors.Forbidden and CallerErrors.NotAllowed; it was 32.", error.Message, StringComparison.Ordinal);
    }
}
