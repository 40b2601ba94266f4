namespace Ldfi.Testing;

/// <summary>One value a call site's fault variable can take: a kind, and for Status its code.</summary>
internal readonly record struct FaultValue(FaultKind Kind, int Code)
{
    /// <summary>Error and Status mean the callee never runs, so its own calls never happen.</summary>
    public bool Masks => Kind is FaultKind.Error or FaultKind.Status;

    public static FaultValue Of(Fault fault) => new(fault.Kind, fault.StatusCode ?? 0);

    public Fault ToFault(CallSite site) => new(site, Kind, Kind == FaultKind.Status ? Code : null);
}
