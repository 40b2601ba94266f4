using System.Text.RegularExpressions;

namespace Ldfi.Testing;

/// <summary>
/// Normalises operations so that the same call gets the same identity in every run: guids, numbers,
/// long hexadecimal tokens and opaque ids in path segments become placeholders, and query strings and
/// fragments are dropped.
/// </summary>
public static partial class OperationNormalizer
{
    /// <summary>Normalises an operation such as <c>GET /orders/42?x=1</c> to <c>GET /orders/{n}</c>.</summary>
    /// <param name="operation">The raw operation (HTTP method and path, or a method name).</param>
    /// <returns>The normalised operation.</returns>
    public static string Normalize(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var cut = operation.IndexOfAny(['?', '#']);
        var text = cut >= 0 ? operation[..cut] : operation;
        var parts = text.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = NormalizeSegment(parts[i]);
        }

        return string.Join('/', parts);
    }

    private static string NormalizeSegment(string segment)
    {
        if (segment.Length == 0)
        {
            return segment;
        }

        if (Guid.TryParse(segment, out _))
        {
            return "{guid}";
        }

        if (Number().IsMatch(segment))
        {
            return "{n}";
        }

        if (Hex().IsMatch(segment))
        {
            return "{hex}";
        }

        // Opaque ids: long tokens mixing letters and digits, like 'ord_8f3k2m9x' or a timestamp.
        return segment.Length >= 8 && OpaqueId().IsMatch(segment) ? "{id}" : segment;
    }

    [GeneratedRegex(@"^[+-]?\d+([.,:]\d+)*$")]
    private static partial Regex Number();

    [GeneratedRegex("^(0x)?[0-9a-fA-F]{12,}$")]
    private static partial Regex Hex();

    [GeneratedRegex(@"^(?=(.*\d){2})(?=.*[A-Za-z])[A-Za-z0-9_\-:.]+$")]
    private static partial Regex OpaqueId();
}
