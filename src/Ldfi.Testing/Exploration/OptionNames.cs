using System.Globalization;

namespace Ldfi.Testing;

/// <summary>
/// How a validation message names an option and shows its value: as set in code (<c>ExplorationOptions.Delay</c>, a
/// <see cref="TimeSpan"/>) or as written on a <c>[FaultTolerant]</c> attribute (<c>[FaultTolerant] DelayMilliseconds</c>,
/// in milliseconds).
/// </summary>
internal sealed class OptionNames
{
    private readonly string parameterPrefix;
    private readonly string messagePrefix;
    private readonly bool milliseconds;

    private OptionNames(string parameterPrefix, string messagePrefix, bool milliseconds)
    {
        this.parameterPrefix = parameterPrefix;
        this.messagePrefix = messagePrefix;
        this.milliseconds = milliseconds;
    }

    /// <summary>Gets the names of <see cref="ExplorationOptions"/>' own properties.</summary>
    public static OptionNames Code { get; } = new("ExplorationOptions.", "ExplorationOptions.", milliseconds: false);

    /// <summary>Gets the names of the attribute's properties, whose durations are whole milliseconds.</summary>
    public static OptionNames Attribute { get; } = new(string.Empty, "[FaultTolerant] ", milliseconds: true);

    /// <summary>Shows a duration in the unit the user set it in.</summary>
    public object Duration(TimeSpan value) => milliseconds ? (long)value.TotalMilliseconds : value;

    /// <summary>The error for an option outside its allowed values.</summary>
    public ArgumentOutOfRangeException Invalid(string option, object value, string allowed)
    {
        var name = milliseconds && option is nameof(ExplorationOptions.Delay) or nameof(ExplorationOptions.Deadline) ? option + "Milliseconds" : option;
        return new(parameterPrefix + name, value, string.Create(CultureInfo.InvariantCulture, $"{messagePrefix}{name} must be {allowed}; it was {value}."));
    }
}
