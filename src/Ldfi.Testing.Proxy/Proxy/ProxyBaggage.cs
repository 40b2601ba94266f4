namespace Ldfi.Testing.Proxy;

/// <summary>
/// The experiment, the parent call and the calling service, as a request carries them: in W3C <c>baggage</c> entries
/// (<c>ldfi.experiment</c>, <c>ldfi.call</c>, <c>ldfi.service</c>), which OpenTelemetry and .NET propagate in every
/// language, or in Ldfi.Testing's own headers (the test's client, an instrumented in-process caller).
/// </summary>
internal static class ProxyBaggage
{
    public const string Header = "baggage";
    public const string ExperimentKey = "ldfi.experiment";
    public const string CallKey = "ldfi.call";
    public const string ServiceKey = "ldfi.service";

    /// <summary>Reads a request's context; every part may be missing.</summary>
    public static (string? Experiment, string? Call, string? Service) Read(IEnumerable<string?> baggage, string? experimentHeader, string? callHeader)
    {
        string? experiment = null, call = null, service = null;
        foreach (var (key, value) in Entries(baggage))
        {
            switch (key)
            {
                case ExperimentKey: experiment = value; break;
                case CallKey: call = value; break;
                case ServiceKey: service = value; break;
            }
        }

        // Ldfi.Testing's own headers come from the test's client or an instrumented caller: they are the most direct.
        if (experimentHeader is not null)
        {
            experiment = experimentHeader;
            call = callHeader is null ? null : Uri.UnescapeDataString(callHeader);
        }

        return (experiment, call, service);
    }

    /// <summary>The baggage to forward: the request's own entries but ours, then ours for the callee's outgoing calls.</summary>
    public static string Compose(IEnumerable<string?> baggage, string experiment, string? call, string service)
    {
        var members = new List<string>();
        foreach (var header in baggage)
        {
            foreach (var member in Split(header))
            {
                if (!IsOurs(member))
                {
                    members.Add(member);
                }
            }
        }

        members.Add($"{ExperimentKey}={Uri.EscapeDataString(experiment)}");
        if (call is not null)
        {
            members.Add($"{CallKey}={Uri.EscapeDataString(call)}");
        }

        members.Add($"{ServiceKey}={Uri.EscapeDataString(service)}");
        return string.Join(',', members);
    }

    private static IEnumerable<(string Key, string Value)> Entries(IEnumerable<string?> baggage)
    {
        foreach (var header in baggage)
        {
            foreach (var member in Split(header))
            {
                var eq = member.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                // "key=value;property": properties are metadata of the entry, not part of its value.
                var value = member[(eq + 1)..];
                var semicolon = value.IndexOf(';', StringComparison.Ordinal);
                value = (semicolon >= 0 ? value[..semicolon] : value).Trim();
                yield return (member[..eq].Trim(), Uri.UnescapeDataString(value));
            }
        }
    }

    private static string[] Split(string? header) =>
        string.IsNullOrWhiteSpace(header) ? [] : header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsOurs(string member) =>
        member.StartsWith(ExperimentKey + "=", StringComparison.Ordinal) || member.StartsWith(CallKey + "=", StringComparison.Ordinal)
        || member.StartsWith(ServiceKey + "=", StringComparison.Ordinal);
}
