using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly.Registry;

namespace Ldfi.Testing.Tests.Resilience;

/// <summary>What the resilience tests ask of a service's pipelines.</summary>
internal static class IsolatingPipelines
{
    /// <summary>
    /// The service's pipeline provider for its factory clients, the one fault injection put in place (Microsoft's key
    /// type is internal, so it is found by name).
    /// </summary>
    public static IIsolatingPipelineProvider Of(IServiceProvider services)
    {
        var key = typeof(HttpStandardResilienceOptions).Assembly.GetType("Microsoft.Extensions.Http.Resilience.Internal.HttpKey", throwOnError: true)!;
        return (IIsolatingPipelineProvider)services.GetRequiredService(typeof(ResiliencePipelineProvider<>).MakeGenericType(key));
    }
}
