using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Ldfi.Testing.Proxy;

/// <summary>Copies a request to the proxied service and its response back, as a transparent HTTP/1.1 proxy does.</summary>
internal static class ProxyForwarding
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host", ProxyBaggage.Header, FaultInjection.ExperimentHeader, FaultInjection.CallHeader,
    };

    /// <summary>A message for <paramref name="target"/> with the request's method, path, headers and body.</summary>
    public static HttpRequestMessage CreateRequest(HttpContext context, Uri target, string? baggage)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, request.Path.Value + request.QueryString.Value));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (baggage is not null)
        {
            message.Headers.TryAddWithoutValidation(ProxyBaggage.Header, baggage);
        }

        return message;
    }

    /// <summary>Writes the service's response (status, headers, body) to the caller.</summary>
    public static async Task CopyResponseAsync(HttpResponseMessage response, HttpContext context)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = new StringValues([.. values]);
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A problem response for an injected status, without the service running.</summary>
    public static Task WriteStatusAsync(HttpContext context, int code, CallSite site)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/problem+json";
        var detail = site.ToString().Replace("\"", "'", StringComparison.Ordinal);
        return context.Response.WriteAsync($$"""{"title":"Injected by Ldfi.Testing","status":{{code}},"detail":"Status {{code}} on {{detail}}"}""");
    }
}
