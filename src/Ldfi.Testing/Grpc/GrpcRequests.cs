using System.Globalization;

namespace Ldfi.Testing;

/// <summary>How the fault handler recognises and names a gRPC call (Grpc.Net.Client over HTTP/2).</summary>
internal static class GrpcRequests
{
    public const string TimeoutHeader = "grpc-timeout";

    /// <summary>A gRPC request has <c>content-type: application/grpc</c> (or <c>application/grpc+proto</c>, …).</summary>
    public static bool IsGrpc(HttpRequestMessage request) =>
        request.Content?.Headers.ContentType?.MediaType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
        && !type.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase);

    /// <summary>The gRPC path <c>/package.Service/Method</c> as an operation: <c>package.Service/Method</c>.</summary>
    public static string Operation(HttpRequestMessage request)
    {
        var path = request.RequestUri?.IsAbsoluteUri == true ? request.RequestUri.AbsolutePath : request.RequestUri?.OriginalString ?? "/";

        // A channel whose address has a path base (http://host/base/) sends /base/pkg.Service/Method: keep the last two segments.
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 ? $"{segments[^2]}/{segments[^1]}" : path.TrimStart('/');
    }

    /// <summary>
    /// The call's deadline as the client sent it: <c>grpc-timeout</c> is digits and a unit (H, M, S, m, u, n), the time
    /// left when the request was sent. Null when the call has no deadline or the header is malformed.
    /// </summary>
    public static TimeSpan? Timeout(HttpRequestMessage request)
    {
        if (!request.Headers.TryGetValues(TimeoutHeader, out var values) || values.FirstOrDefault() is not { Length: >= 2 } text
            || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        return text[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => null,
        };
    }
}
