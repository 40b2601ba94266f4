namespace Ldfi.Testing;

/// <summary>Carries the experiment and the parent call across a process or TestServer boundary.</summary>
internal static class FaultInjectionHeaders
{
    public static void Apply(HttpRequestMessage request, string experimentId, string? callId)
    {
        // A retry re-sends the same message: replace, never append.
        request.Headers.Remove(FaultInjection.ExperimentHeader);
        request.Headers.Remove(FaultInjection.CallHeader);
        request.Headers.TryAddWithoutValidation(FaultInjection.ExperimentHeader, experimentId);
        if (callId is not null)
        {
            request.Headers.TryAddWithoutValidation(FaultInjection.CallHeader, Uri.EscapeDataString(callId));
        }
    }

    /// <summary>Names the request's transit (<see cref="VirtualClock.Send"/>), replacing the one of an earlier attempt.</summary>
    public static void Apply(HttpRequestMessage request, VirtualClock.Transit? transit)
    {
        request.Headers.Remove(VirtualClock.TransitHeader);
        if (transit is not null)
        {
            request.Headers.TryAddWithoutValidation(VirtualClock.TransitHeader, transit.Id);
        }
    }

    public static string? CallId(string? header) => header is null ? null : Uri.UnescapeDataString(header);
}
