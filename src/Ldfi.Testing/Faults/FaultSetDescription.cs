using System.Globalization;

namespace Ldfi.Testing;

/// <summary>
/// A fault set as text that survives across test runs (snapshots, the last failure): one fault a line,
/// <c>value @ call-site id</c>, for example <c>Status 503 @ gateway>orders POST /orders#1</c>.
/// </summary>
public sealed class FaultSetDescription
{
    private FaultSetDescription(FaultSet faults) => Faults = faults;

    /// <summary>Gets the described fault set.</summary>
    public FaultSet Faults { get; }

    /// <summary>Describes a fault set.</summary>
    /// <param name="faults">The fault set.</param>
    /// <returns>The description.</returns>
    public static FaultSetDescription From(FaultSet faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        return new(faults);
    }

    /// <summary>Parses the text produced by <see cref="ToString"/>.</summary>
    /// <param name="text">The text: one <c>value @ call-site id</c> a line.</param>
    /// <returns>The description.</returns>
    /// <exception cref="FormatException">A line is not of the form <c>value @ call-site id</c>.</exception>
    public static FaultSetDescription Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var faults = new List<Fault>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = line.IndexOf(" @ ", StringComparison.Ordinal);
            if (at < 0)
            {
                throw new FormatException($"'{line}' is not a fault of the form 'Error|Delay|Status NNN @ call-site id'.");
            }

            faults.Add(ParseValue(line[..at], CallSite.Parse(line[(at + 3)..])));
        }

        return new(new FaultSet(faults));
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("\n", Faults.Select(f => $"{f.Value} @ {f.Site.Id}"));

    private static Fault ParseValue(string value, CallSite site)
    {
        if (value.StartsWith("Status ", StringComparison.Ordinal) && int.TryParse(value.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return new Fault(site, FaultKind.Status, code);
        }

        if (value.StartsWith("Status ", StringComparison.Ordinal) && GrpcStatusNames.TryParse(value[7..], out var grpc) && GrpcStatusNames.IsGrpcError(grpc))
        {
            return new Fault(site, FaultKind.Status, grpc);
        }

        return value switch
        {
            "Error" => new Fault(site, FaultKind.Error),
            "Delay" => new Fault(site, FaultKind.Delay),
            _ => throw new FormatException($"'{value}' is not a fault value: expected Error, Delay, 'Status NNN' or a gRPC 'Status NAME'."),
        };
    }
}
