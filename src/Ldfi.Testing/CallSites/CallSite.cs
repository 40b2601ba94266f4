namespace Ldfi.Testing;

/// <summary>
/// The identity of one call across a boundary, stable across runs: the caller, the parent call (or the
/// test itself), the callee, the normalised operation and the ordinal among calls with the same
/// signature under the same parent. A retry is the same signature with the next ordinal.
/// </summary>
public sealed class CallSite : IEquatable<CallSite>
{
    internal CallSite(CallSite? parent, string caller, string callee, string operation, int ordinal)
    {
        Parent = parent;
        Caller = caller;
        Callee = callee;
        Operation = operation;
        Ordinal = ordinal;
        Depth = parent is null ? 0 : parent.Depth + 1;
        Id = parent is null ? $"{Signature}#{ordinal}" : $"{parent.Id}{Separator}{Signature}#{ordinal}";
    }

    internal const string Separator = " | ";

    /// <summary>Gets the call during which this call was made, or <see langword="null"/> when the test made it.</summary>
    public CallSite? Parent { get; }

    /// <summary>Gets the service that made the call.</summary>
    public string Caller { get; }

    /// <summary>Gets the service or boundary that was called.</summary>
    public string Callee { get; }

    /// <summary>Gets the normalised operation, such as <c>GET /orders/{id}</c>.</summary>
    public string Operation { get; }

    /// <summary>Gets the 1-based ordinal among calls with the same signature under the same parent.</summary>
    public int Ordinal { get; }

    /// <summary>Gets the nesting depth: 0 for a call the test made directly.</summary>
    public int Depth { get; }

    /// <summary>Gets the full identity string, including the parent chain; equal ids mean the same call site.</summary>
    public string Id { get; }

    /// <summary>Gets the signature without parent and ordinal: <c>caller>callee operation</c>.</summary>
    public string Signature => $"{Caller}>{Callee} {Operation}";

    /// <summary>Parses a call-site <see cref="Id"/> back into a call site.</summary>
    /// <param name="id">An id such as <c>orders>payments POST /charges#1</c>, parent segments joined by <c> | </c>.</param>
    /// <returns>The call site.</returns>
    /// <exception cref="FormatException">The id is not in the format <see cref="Id"/> produces.</exception>
    public static CallSite Parse(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        CallSite? site = null;
        foreach (var segment in id.Split(Separator))
        {
            var hash = segment.LastIndexOf('#');
            var arrow = segment.IndexOf('>', StringComparison.Ordinal);
            var space = arrow < 0 ? -1 : segment.IndexOf(' ', arrow);
            if (hash < 0 || arrow <= 0 || space < 0 || space > hash || !int.TryParse(segment.AsSpan(hash + 1), out var ordinal) || ordinal < 1)
            {
                throw new FormatException($"'{segment}' is not a call-site id segment of the form 'caller>callee operation#ordinal' (in '{id}').");
            }

            site = new CallSite(site, segment[..arrow], segment[(arrow + 1)..space], segment[(space + 1)..hash], ordinal);
        }

        return site!;
    }

    /// <summary>Gets a value indicating whether <paramref name="other"/> is an ancestor of this call.</summary>
    /// <param name="other">The possible ancestor.</param>
    /// <returns><see langword="true"/> when this call was made, directly or not, while serving <paramref name="other"/>.</returns>
    public bool IsDescendantOf(CallSite other)
    {
        for (var p = Parent; p is not null; p = p.Parent)
        {
            if (p.Equals(other))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(CallSite? other) => other is not null && other.Id == Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CallSite);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <inheritdoc />
    public override string ToString() => $"{Caller} → {Callee} {Operation} #{Ordinal}";
}
