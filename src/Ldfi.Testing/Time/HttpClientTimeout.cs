using System.Diagnostics;
using System.Globalization;

namespace Ldfi.Testing;

/// <summary>
/// Puts a real <c>HttpClient.Timeout</c> on the experiment's clock. <c>HttpClient</c> arms its Timeout on a linked
/// <see cref="CancellationTokenSource"/> and hands that source's token to its outermost handler: an instrumented one
/// (the factory clients' <see cref="ClientTimeoutHandler"/>, <see cref="FaultInjectionHandler"/> made by hand, the
/// test's <see cref="ExperimentPropagationHandler"/>) finds the runtime timer behind the token. A client whose outermost
/// handler is not the tool's keeps a real Timeout: its request may be real I/O that the clock cannot see.
/// </summary>
internal static class HttpClientTimeout
{
    /// <summary>Adopts the Timeout behind <paramref name="token"/>, if it is one HttpClient armed in an experiment.</summary>
    /// <param name="client">The client's name, or null for the test's own client: its Timeout ends the test's wait, no
    /// wait of the system under test, so a call only it could end is still reported unguarded.</param>
    /// <param name="madeByHand">Whether the handler is a <see cref="FaultInjectionHandler"/> in a client made by hand.</param>
    /// <param name="token">The token the handler received.</param>
    public static void Adopt(string? client, bool madeByHand, CancellationToken token)
    {
        if (!TimerCensus.Active || Ambient.Value is not { Run.Clock: { Enabled: true } clock } frame || !RuntimeTimers.TryTimerOf(token, out var runtimeTimer, out var identity, out var due))
        {
            return;
        }

        var timeout = Phrases.Duration(TimeSpan.FromMilliseconds(due));
        if (client is null)
        {
            clock.AdoptRealTimer(identity, due, null, frame.Parent, frame.Service, "HttpClient.Timeout", RealTimer.TestsOwnClient, guard: false, $"HttpClient.Timeout ({timeout}) of the test's own client", runtimeTimer);
            return;
        }

        var armedIn = TimerCensus.WhereArmed(new StackTrace(1, fNeedFileInfo: false)).ArmedIn;
        var name = madeByHand ? "a client made by hand for " + client : $"client '{client}'";
        var label = string.Create(CultureInfo.InvariantCulture, $"HttpClient.Timeout ({timeout}) of {name}{(armedIn is null ? string.Empty : ", set in " + armedIn)}, a real timer");
        clock.AdoptRealTimer(identity, due, null, frame.Parent, frame.Service, "HttpClient.Timeout", armedIn, guard: true, label, runtimeTimer);
    }
}
