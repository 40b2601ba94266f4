namespace Ldfi.Testing;

/// <summary>
/// The gRPC status codes by number and by the names the gRPC specification gives them (<c>14</c> is <c>UNAVAILABLE</c>).
/// A <see cref="Fault.StatusCode"/> from 1 to 16 is a gRPC status (HTTP error codes start at 400), so reports and
/// <see cref="FaultSetDescription"/> write it by name: <c>Status UNAVAILABLE</c>.
/// </summary>
public static class GrpcStatusNames
{
    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>The gRPC status code of a call whose deadline passed (<c>DEADLINE_EXCEEDED</c>).</summary>
    public const int DeadlineExceeded = 4;

    /// <summary>The gRPC status code <c>INTERNAL</c>.</summary>
    public const int Internal = 13;

    /// <summary>The gRPC status code <c>UNAVAILABLE</c>.</summary>
    public const int Unavailable = 14;

    /// <summary>Gets a value indicating whether <paramref name="code"/> is a gRPC error status (1 to 16).</summary>
    /// <param name="code">A status code.</param>
    /// <returns><see langword="true"/> for 1 (<c>CANCELLED</c>) to 16 (<c>UNAUTHENTICATED</c>).</returns>
    public static bool IsGrpcError(int code) => code is >= 1 and < 17;

    /// <summary>Names a gRPC status code as the specification does.</summary>
    /// <param name="code">A gRPC status code from 0 to 16.</param>
    /// <returns>The name, such as <c>UNAVAILABLE</c>, or the number for a code outside 0 to 16.</returns>
    public static string Name(int code) => code is >= 0 and < 17 ? Names[code] : code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Finds a gRPC status code by name (case-insensitive, <c>UNAVAILABLE</c> or <c>Unavailable</c>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="code">The code, when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> names a gRPC status.</returns>
    public static bool TryParse(string name, out int code)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Replace("_", string.Empty, StringComparison.Ordinal);
        code = Array.FindIndex(Names, n => n.Replace("_", string.Empty, StringComparison.Ordinal).Equals(wanted, StringComparison.OrdinalIgnoreCase));
        return code >= 0;
    }
}
