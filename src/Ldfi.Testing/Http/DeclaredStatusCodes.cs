using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Ldfi.Testing;

/// <summary>
/// The error statuses each instrumented ASP.NET Core service declares per endpoint (<c>.Produces(404)</c>,
/// <c>ProducesResponseType</c>, typed <c>Results&lt;…&gt;</c>), published when the service starts so that callers'
/// handlers can offer exactly those codes as <see cref="FaultKind.Status"/> values.
/// </summary>
/// <remarks>
/// The process-wide table by service name is a hint for callers (tests running in parallel may each start a service of
/// the same name); the service itself reports the exact codes of each call it serves (<see cref="RunSettings.Served"/>).
/// </remarks>
internal sealed class DeclaredStatusCodes
{
    private static readonly ConcurrentDictionary<string, DeclaredStatusCodes> ByService = new(StringComparer.OrdinalIgnoreCase);

    private readonly List<DeclaredEndpoint> endpoints;

    private DeclaredStatusCodes(List<DeclaredEndpoint> endpoints) => this.endpoints = endpoints;

    /// <summary>Reads a started service's declared codes and publishes them as the hint for its name.</summary>
    public static DeclaredStatusCodes Publish(string service, EndpointDataSource source)
    {
        var endpoints = new List<DeclaredEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>().OrderBy(e => e.Order))
        {
            var codes = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
                .Select(m => m.StatusCode).Where(c => c >= 400).Distinct().Order().ToArray();
            if (codes.Length == 0)
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary());
            endpoints.Add(new DeclaredEndpoint(methods, matcher, codes));
        }

        var declared = new DeclaredStatusCodes(endpoints);
        ByService[service] = declared;
        return declared;
    }

    /// <summary>The declared error codes of the endpoint a request would reach, or null when none are known.</summary>
    public static IReadOnlyList<int>? Find(string service, string method, string path) =>
        ByService.TryGetValue(service, out var declared) ? declared.Find(method, path) : null;

    /// <summary>The declared error codes of this service's endpoint a request reaches, or null when none are known.</summary>
    public IReadOnlyList<int>? Find(string method, string path)
    {
        var values = new RouteValueDictionary();
        foreach (var endpoint in endpoints)
        {
            values.Clear();
            if ((endpoint.Methods.Count == 0 || endpoint.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
                && endpoint.Matcher.TryMatch(path, values))
            {
                return endpoint.Codes;
            }
        }

        return null;
    }

    private sealed record DeclaredEndpoint(IReadOnlyList<string> Methods, TemplateMatcher Matcher, int[] Codes);
}
