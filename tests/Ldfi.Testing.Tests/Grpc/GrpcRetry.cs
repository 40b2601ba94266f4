using Grpc.Core;
using Grpc.Net.Client.Configuration;

namespace Ldfi.Testing.Tests.Grpc;

/// <summary>A gRPC service-config retry policy on UNAVAILABLE. Its back-off is a real Task.Delay inside Grpc.Net.Client, so it is kept short here.</summary>
internal static class GrpcRetry
{
    public static ServiceConfig Policy(int maxAttempts) => new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names = { MethodName.Default },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = maxAttempts,
                    InitialBackoff = TimeSpan.FromMilliseconds(1),
                    MaxBackoff = TimeSpan.FromMilliseconds(1),
                    BackoffMultiplier = 1,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
    };
}
