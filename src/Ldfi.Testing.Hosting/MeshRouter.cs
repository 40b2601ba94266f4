using Microsoft.Extensions.Http;

namespace Ldfi.Testing.Hosting;

/// <summary>
/// The transport of a mesh: sends each request to the in-memory server of the service named by its host
/// (<c>http://payments/charges</c> reaches the service added as <c>payments</c>), starting the mesh on first use. As on a
/// network, the service runs on the thread pool and the caller's cancellation ends the caller's wait at once, whatever
/// the service is doing (<see cref="DetachedSend"/>): TestServer alone makes a caller wait for a blocked callee.
/// </summary>
internal sealed class MeshRouter(ServiceMesh mesh) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DetachedSend.SendAsync(request, RouteAsync, cancellationToken);
    }

    private async Task<HttpResponseMessage> RouteAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = await mesh.ResolveAsync(request.RequestUri, cancellationToken).ConfigureAwait(false);
        return await target.Invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Makes the mesh the transport of every IHttpClientFactory client of a service, whatever the application configured.</summary>
internal sealed class MeshRoutingFilter(ServiceMesh mesh) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        builder.PrimaryHandler = new MeshRouter(mesh);
    };
}
