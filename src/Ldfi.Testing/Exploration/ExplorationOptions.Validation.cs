using System.Globalization;

namespace Ldfi.Testing;

/// <summary>The one validation of every option, for options set in code and for a <c>[FaultTolerant]</c> attribute's settings.</summary>
public sealed partial class ExplorationOptions
{
    internal void Validate() => Validate(OptionNames.Code);

    /// <summary>Refuses the first out-of-range option, naming it as <paramref name="names"/> says the user wrote it.</summary>
    internal void Validate(OptionNames names)
    {
        Range(names, nameof(MaxFaults), MaxFaults, 1, 10);
        Range(names, nameof(MaxExperiments), MaxExperiments, 1, 1_000_000);
        Range(names, nameof(Seed), Seed, 0, int.MaxValue);
        Range(names, nameof(Parallelism), Parallelism, 1, 64);
        Range(names, nameof(MoreFailuresBudget), MoreFailuresBudget, 0, 1_000_000);
        if (Faults == FaultKind.None || (Faults & ~FaultKind.All) != 0)
        {
            throw names.Invalid(nameof(Faults), Faults, "a non-empty combination of FaultKind.Error, FaultKind.Status and FaultKind.Delay");
        }

        Duration(names, nameof(Delay), Delay);
        Duration(names, nameof(Deadline), Deadline);
        Duration(names, nameof(RealTimeLimit), RealTimeLimit);
        Duration(names, nameof(StopGracePeriod), StopGracePeriod);
        if (!Enum.IsDefined(Strategy))
        {
            var strategies = Enum.GetNames<ExplorationStrategy>();
            throw names.Invalid(nameof(Strategy), Strategy, string.Join(", ", strategies[..^1]) + " or " + strategies[^1]);
        }

        Codes(names, nameof(StatusCodes), StatusCodes);
        if ((CallerErrorStatuses & ~CallerErrors.All) != 0)
        {
            throw names.Invalid(nameof(CallerErrorStatuses), CallerErrorStatuses, "None or a combination of CallerErrors.BadRequest, CallerErrors.Unauthorized, CallerErrors.Forbidden and CallerErrors.NotAllowed");
        }

        if (GrpcStatusCodes is null || GrpcStatusCodes.Count == 0 || GrpcStatusCodes.Any(c => !GrpcStatusNames.IsGrpcError(c)))
        {
            throw names.Invalid(nameof(GrpcStatusCodes), GrpcStatusCodes is null ? "null" : string.Join(", ", GrpcStatusCodes), "one or more gRPC error codes from 1 (CANCELLED) to 16 (UNAUTHENTICATED)");
        }

        foreach (var (callee, codes) in StatusCodesByCallee)
        {
            Codes(names, $"{nameof(StatusCodesByCallee)}[\"{callee}\"]", codes);
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    private static void Range(OptionNames names, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw names.Invalid(name, value, max == int.MaxValue ? $"{min} or more" : string.Create(CultureInfo.InvariantCulture, $"from {min} to {max:N0}"));
        }
    }

    private static void Duration(OptionNames names, string name, TimeSpan value)
    {
        if (value < TimeSpan.FromMilliseconds(1) || value > TimeSpan.FromDays(1))
        {
            throw names.Invalid(name, names.Duration(value), "from 1 ms to 1 day");
        }
    }

    private static void Codes(OptionNames names, string name, IEnumerable<int>? codes)
    {
        if (codes is null || !codes.Any() || codes.Any(c => c is < 400 or > 599))
        {
            throw names.Invalid(name, codes is null ? "null" : string.Join(", ", codes), "one or more HTTP error codes from 400 to 599");
        }
    }
}
