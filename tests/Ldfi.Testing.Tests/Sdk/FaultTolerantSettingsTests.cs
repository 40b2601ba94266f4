using System.Collections;
using System.Reflection;
using Ldfi.Testing.Sdk;
using Xunit;

namespace Ldfi.Testing.Tests.Sdk;

/// <summary>The attributes' settings start from the same defaults as <see cref="ExplorationOptions"/> and are validated by it, naming the attribute's property.</summary>
public class FaultTolerantSettingsTests
{
    public static TheoryData<string> OptionProperties() =>
        [.. typeof(ExplorationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(OptionProperties))]
    public void Default_settings_give_the_default_options(string property)
    {
        var info = typeof(ExplorationOptions).GetProperty(property)!;

        var expected = info.GetValue(new ExplorationOptions());
        var actual = info.GetValue(new FaultTolerantSettings().ToOptions());

        if (expected is IEnumerable sequence and not string)
        {
            Assert.Equal(sequence.Cast<object>(), Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object>());
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(nameof(FaultTolerantSettings.MaxFaults), 0, "[FaultTolerant] MaxFaults must be from 1 to 10; it was 0.")]
    [InlineData(nameof(FaultTolerantSettings.DelayMilliseconds), 0, "[FaultTolerant] DelayMilliseconds must be from 1 ms to 1 day; it was 0.")]
    [InlineData(nameof(FaultTolerantSettings.DeadlineMilliseconds), -5, "[FaultTolerant] DeadlineMilliseconds must be from 1 ms to 1 day; it was -5.")]
    [InlineData(nameof(FaultTolerantSettings.DeadlineMilliseconds), 86_400_001, "[FaultTolerant] DeadlineMilliseconds must be from 1 ms to 1 day; it was 86400001.")]
    public void An_invalid_setting_is_refused_under_the_attribute_property_s_name(string property, int value, string message)
    {
        var settings = new FaultTolerantSettings();
        typeof(FaultTolerantSettings).GetProperty(property)!.SetValue(settings, value);

        var error = Assert.Throws<ArgumentOutOfRangeException>(settings.ToOptions);

        Assert.Equal(property, error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
