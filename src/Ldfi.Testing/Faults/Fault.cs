namespace Ldfi.Testing;

/// <summary>One fault at one call site: what the explorer plans, and what it reports when it fired.</summary>
/// <param name="Site">The call site the fault targets.</param>
/// <param name="Kind">The kind of fault: <see cref="FaultKind.Error"/>, <see cref="FaultKind.Status"/> or <see cref="FaultKind.Delay"/>.</param>
/// <param name="StatusCode">For <see cref="FaultKind.Status"/>, the error status code answered (an HTTP code from 400, or on a gRPC
/// call site a gRPC status from 1 to 16, see <see cref="GrpcStatusNames"/>); otherwise <see langword="null"/>.</param>
public sealed record Fault(CallSite Site, FaultKind Kind, int? StatusCode = null)
{
    /// <summary>Gets the service that made the call.</summary>
    public string Caller => Site.Caller;

    /// <summary>Gets the service or boundary that was called.</summary>
    public string Callee => Site.Callee;

    /// <summary>Gets the normalised operation, such as <c>POST /charges</c>.</summary>
    public string Operation => Site.Operation;

    /// <summary>Gets the 1-based ordinal among calls with the same signature under the same parent.</summary>
    public int Ordinal => Site.Ordinal;

    /// <summary>Gets a short description of the fault value, such as <c>Error</c>, <c>Status 503</c>, <c>Status UNAVAILABLE</c> or <c>Delay</c>.</summary>
    public string Value => Kind == FaultKind.Status ? $"Status {StatusText}" : Kind.ToString();

    /// <summary>Gets the status as reports write it: the HTTP code, or a gRPC status by name (<c>UNAVAILABLE</c>).</summary>
    internal string? StatusText => StatusCode is { } code && GrpcStatusNames.IsGrpcError(code) ? GrpcStatusNames.Name(code) : StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal string Key => $"{Site.Id}={Value}";

    /// <inheritdoc />
    public override string ToString() => $"{Value} on {Site}";
}
