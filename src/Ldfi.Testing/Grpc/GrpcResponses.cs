using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Ldfi.Testing;

/// <summary>Injected gRPC answers, shaped as a real server's so that Grpc.Net.Client reports exactly their status.</summary>
internal static class GrpcResponses
{
    /// <summary>
    /// A trailers-only response: HTTP/2 200, <c>content-type: application/grpc</c>, no message, and <c>grpc-status</c> /
    /// <c>grpc-message</c> in the headers, which is how a gRPC server answers a call that fails before its first message.
    /// </summary>
    public static HttpResponseMessage TrailersOnly(HttpRequestMessage request, int code, string message)
    {
        var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = content,
            Version = HttpVersion.Version20,
        };
        response.Headers.TryAddWithoutValidation("grpc-status", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.TryAddWithoutValidation("grpc-message", PercentEncode(message));
        return response;
    }

    /// <summary>The gRPC status in a response's headers (trailers-only), or null while the call is still in progress.</summary>
    public static int? StatusOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("grpc-status", out var values) && int.TryParse(values.FirstOrDefault(), out var code) ? code : null;

    // grpc-message is percent-encoded: every byte outside printable ASCII, and '%' itself (the gRPC HTTP/2 protocol).
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
