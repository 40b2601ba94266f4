using System.Collections;

namespace Ldfi.Testing;

/// <summary>
/// An immutable set of faults, at most one per call site, in a stable order (by call-site identity).
/// Two fault sets with the same faults are equal and render identically.
/// </summary>
public sealed class FaultSet : IReadOnlyList<Fault>, IEquatable<FaultSet>
{
    private readonly Fault[] faults;

    /// <summary>Initializes a new instance of the <see cref="FaultSet"/> class.</summary>
    /// <param name="faults">The faults; at most one per call site.</param>
    /// <exception cref="ArgumentException">Two faults target the same call site.</exception>
    public FaultSet(IEnumerable<Fault> faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        this.faults = [.. faults.OrderBy(f => f.Site.Id, StringComparer.Ordinal)];
        for (var i = 1; i < this.faults.Length; i++)
        {
            if (this.faults[i].Site.Equals(this.faults[i - 1].Site))
            {
                throw new ArgumentException($"A fault set holds at most one fault per call site; '{this.faults[i].Site}' has two.", nameof(faults));
            }
        }

        Key = string.Join(";", this.faults.Select(f => f.Key));
    }

    /// <summary>Gets the empty fault set (the baseline).</summary>
    public static FaultSet Empty { get; } = new([]);

    /// <summary>Gets the number of faults.</summary>
    public int Count => faults.Length;

    /// <summary>Gets a value indicating whether the set has no fault.</summary>
    public bool IsEmpty => faults.Length == 0;

    internal string Key { get; }

    /// <summary>Gets the fault at <paramref name="index"/>.</summary>
    /// <param name="index">The zero-based index.</param>
    public Fault this[int index] => faults[index];

    /// <summary>Gets the fault planned for <paramref name="site"/>, if any.</summary>
    /// <param name="site">The call site.</param>
    /// <returns>The fault, or <see langword="null"/>.</returns>
    public Fault? For(CallSite site) => Array.Find(faults, f => f.Site.Equals(site));

    /// <summary>Gets a value indicating whether every fault of this set is also in <paramref name="other"/>.</summary>
    /// <param name="other">The other set.</param>
    /// <returns><see langword="true"/> when this set is a subset of <paramref name="other"/>.</returns>
    public bool IsSubsetOf(FaultSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return faults.All(f => other.faults.Any(o => o.Key == f.Key));
    }

    /// <inheritdoc />
    public IEnumerator<Fault> GetEnumerator() => ((IEnumerable<Fault>)faults).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => faults.GetEnumerator();

    /// <inheritdoc />
    public bool Equals(FaultSet? other) => other is not null && other.Key == Key;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FaultSet);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", faults.Select(f => f.ToString())) + "}";
}
