using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Time.Testing;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// Faults injected by hand, without the tool: no recording, no experiment context, no virtual clock. A run is armed
/// with a fault set the tool planned; the handler recognises its call sites by caller, callee, normalised operation
/// and ordinal, and injects what the tool would: Error throws, Status answers without sending, Delay sends and holds
/// the response until the caller gives up, which here means advancing the caller's fake clock by hand once nothing
/// else of the service is in flight (counted from the outermost handler, so that a call whose resilience handler has
/// set its timeout but not yet sent counts). For runs one at a time (the arming is process-wide).
/// </summary>
internal static class HandFaults
{
    private static readonly ConcurrentDictionary<string, int> Ordinals = new();
    private static readonly ConcurrentDictionary<string, int> InFlight = new();
    private static readonly ConcurrentDictionary<string, int> Held = new();
    private static readonly ConcurrentDictionary<string, int> Started = new();
    private static readonly ConcurrentDictionary<string, int> AtOnce = new();
    private static readonly TimeSpan Settle = TimeSpan.FromMicroseconds(20);
    private static FaultSet armed = FaultSet.Empty;
    private static int calls;

    /// <summary>Gets the fault set of the current run.</summary>
    public static FaultSet Armed => armed;

    /// <summary>Gets how many calls the current run made (the tool's <see cref="ExperimentRun.AllCalls"/>, counted by hand).</summary>
    public static int Calls => Volatile.Read(ref calls);

    /// <summary>
    /// Says how many calls <paramref name="service"/> starts at once before it can wait on any of them (the product
    /// page's gateway starts three): a call it holds waits for them to start, however long the thread starting them is away.
    /// </summary>
    public static void StartsAtOnce(string service, int calls) => AtOnce[service] = calls;

    public static void Arm(FaultSet faults)
    {
        armed = faults;
        Ordinals.Clear();
        Started.Clear();
        calls = 0;
    }

    public static bool WasInjected(string callee) => armed.Any(f => f.Callee == callee);

    /// <summary>Adds the handler innermost in every client of the service, below its resilience handlers.</summary>
    public sealed class Filter(string service, FakeTimeProvider time) : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            builder.AdditionalHandlers.Insert(0, new Tracker(service));
            builder.AdditionalHandlers.Add(new Handler(service, time));
        };
    }

    // Outermost: a call is in flight from before its resilience handler sets a timer until the caller has its answer.
    private sealed class Tracker(string service) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            InFlight.AddOrUpdate(service, 1, (_, n) => n + 1);
            Started.AddOrUpdate(service, 1, (_, n) => n + 1);
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                InFlight.AddOrUpdate(service, 0, (_, n) => n - 1);
            }
        }
    }

    private sealed class Handler(string service, FakeTimeProvider time) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var operation = OperationNormalizer.Normalize($"{request.Method.Method} {request.RequestUri!.AbsolutePath}");
            var signature = $"{service}>{request.RequestUri.Host} {operation}";
            var ordinal = Ordinals.AddOrUpdate(signature, 1, (_, n) => n + 1);
            Interlocked.Increment(ref calls);
            var fault = armed.FirstOrDefault(f => f.Caller == service && f.Callee == request.RequestUri.Host && f.Operation == operation && f.Ordinal == ordinal);
            switch (fault)
            {
                case { Kind: FaultKind.Error }:
                    throw new HttpRequestException(HttpRequestError.ConnectionError, $"Injected by hand on {signature} #{ordinal}.");
                case { Kind: FaultKind.Status, StatusCode: { } code }:
                    return new HttpResponseMessage((System.Net.HttpStatusCode)code) { RequestMessage = request, Content = new StringContent(string.Empty) };
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (fault is not { Kind: FaultKind.Delay })
            {
                return response;
            }

            response.Dispose();
            await HoldAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }

        // Time moves only once every other call of the service is done or held, as on the tool's clock, for three looks
        // and 20 µs in a row (a call the service is about to start on another thread shows up in between: the product page
        // starts three at once); then in steps of 50 ms, so the earliest timeout fires first.
        private async Task HoldAsync(CancellationToken cancellationToken)
        {
            Held.AddOrUpdate(service, 1, (_, n) => n + 1);
            try
            {
                var since = Stopwatch.GetTimestamp();
                for (var quiet = 0; quiet < 3 || Stopwatch.GetElapsedTime(since) < Settle; quiet++)
                {
                    await Task.Yield();
                    if (InFlight.GetValueOrDefault(service) > Held.GetValueOrDefault(service) || Started.GetValueOrDefault(service) < AtOnce.GetValueOrDefault(service, 1))
                    {
                        (quiet, since) = (-1, Stopwatch.GetTimestamp());
                    }
                }

                for (var step = 0; !cancellationToken.IsCancellationRequested; step++)
                {
                    if (step == 2_400)
                    {
                        throw new InvalidOperationException($"No timeout of {service} guards the held call.");
                    }

                    time.Advance(TimeSpan.FromMilliseconds(50));
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                Held.AddOrUpdate(service, 0, (_, n) => n - 1);
            }
        }
    }
}
