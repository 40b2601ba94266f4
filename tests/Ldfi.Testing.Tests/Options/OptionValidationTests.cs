using System.Globalization;
using Xunit;

namespace Ldfi.Testing.Tests.Options;

/// <summary>Every out-of-range <see cref="ExplorationOptions"/> value is refused before anything runs, naming the option, the allowed range and the value given.</summary>
public class OptionValidationTests
{
    public static TheoryData<string, string, string, string> OutOfRange() => new()
    {
        // case, parameter name, allowed range as the message words it, the value as the message shows it
        { "MaxFaults=0", "MaxFaults", "from 1 to 10", "0" },
        { "MaxFaults=11", "MaxFaults", "from 1 to 10", "11" },
        { "MaxFaults=-1", "MaxFaults", "from 1 to 10", "-1" },
        { "MaxExperiments=0", "MaxExperiments", "from 1 to 1,000,000", "0" },
        { "MaxExperiments=1000001", "MaxExperiments", "from 1 to 1,000,000", "1000001" },
        { "Seed=-1", "Seed", "0 or more", "-1" },
        { "Faults=None", "Faults", "a non-empty combination of FaultKind.Error, FaultKind.Status and FaultKind.Delay", "None" },
        { "Faults=8", "Faults", "a non-empty combination of FaultKind.Error, FaultKind.Status and FaultKind.Delay", "8" },
        { "Faults=Error|8", "Faults", "a non-empty combination of FaultKind.Error, FaultKind.Status and FaultKind.Delay", "9" },
        { "Delay=0", "Delay", "from 1 ms to 1 day", "00:00:00" },
        { "Delay=-1s", "Delay", "from 1 ms to 1 day", "-00:00:01" },
        { "Delay=2d", "Delay", "from 1 ms to 1 day", "2.00:00:00" },
        { "Deadline=0.5ms", "Deadline", "from 1 ms to 1 day", "00:00:00.0005000" },
        { "Deadline=1d+1ms", "Deadline", "from 1 ms to 1 day", "1.00:00:00.0010000" },
        { "Strategy=42", "Strategy", "Exact, MergedSupports", "42" },
        { "StatusCodes=[]", "StatusCodes", "one or more HTTP error codes from 400 to 599", string.Empty },
        { "StatusCodes=null", "StatusCodes", "one or more HTTP error codes from 400 to 599", "null" },
        { "StatusCodes=[200]", "StatusCodes", "one or more HTTP error codes from 400 to 599", "200" },
        { "StatusCodes=[500,600]", "StatusCodes", "one or more HTTP error codes from 400 to 599", "500, 600" },
        { "StatusCodes=[399]", "StatusCodes", "one or more HTTP error codes from 400 to 599", "399" },
        { "StatusCodesByCallee[payments]=[]", "StatusCodesByCallee[\"payments\"]", "one or more HTTP error codes from 400 to 599", string.Empty },
        { "StatusCodesByCallee[payments]=[302]", "StatusCodesByCallee[\"payments\"]", "one or more HTTP error codes from 400 to 599", "302" },
    };

    public static TheoryData<string> InRange() =>
    [
        "MaxFaults=1", "MaxFaults=10", "MaxExperiments=1", "MaxExperiments=1000000", "Seed=0", "Seed=2147483647",
        "Faults=Error", "Faults=Status", "Faults=Delay", "Faults=All", "Delay=1ms", "Delay=1d", "Deadline=1ms", "Deadline=1d",
        "Strategy=Exhaustive", "StatusCodes=[400,599]", "StatusCodesByCallee[payments]=[404]",
    ];

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task An_out_of_range_value_is_refused_naming_the_option_its_range_and_the_value(string setting, string option, string allowed, string shown)
    {
        var ran = false;
        var options = Apply(setting);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FaultExplorer.ExploreAsync(_ =>
        {
            ran = true;
            return Task.CompletedTask;
        }, options));

        Assert.False(ran);
        Assert.Equal($"ExplorationOptions.{option}", error.ParamName);
        Assert.StartsWith($"ExplorationOptions.{option} must be {allowed}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"; it was {shown}.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InRange))]
    public void The_ends_of_every_range_are_accepted(string setting) => Apply(setting).Validate();

    [Fact]
    public async Task A_null_time_provider_is_refused_by_name()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => FaultExplorer.ExploreAsync(_ => Task.CompletedTask, new ExplorationOptions { TimeProvider = null! }));

        Assert.Equal("TimeProvider", error.ParamName);
    }

    [Fact]
    public async Task The_defaults_are_valid_and_a_null_options_object_means_the_defaults()
    {
        new ExplorationOptions().Validate();

        var result = await FaultExplorer.ExploreAsync(_ => Task.CompletedTask, null);

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Equal(2, result.Options.MaxFaults);
    }

    [Fact]
    public async Task Validation_happens_when_the_exploration_starts_not_when_the_options_are_built()
    {
        var options = new ExplorationOptions { MaxFaults = 0 };
        options.MaxFaults = 1;

        var result = await FaultExplorer.ExploreAsync(_ => Task.CompletedTask, options);

        Assert.Equal(Verdict.Tolerant, result.Verdict);
    }

    private static ExplorationOptions Apply(string setting)
    {
        var options = new ExplorationOptions();
        var (name, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        switch (name)
        {
            case "MaxFaults":
                options.MaxFaults = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "MaxExperiments":
                options.MaxExperiments = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "Seed":
                options.Seed = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "Faults":
                options.Faults = value.Split('|').Select(v => int.TryParse(v, out var bits) ? (FaultKind)bits : Enum.Parse<FaultKind>(v)).Aggregate((a, b) => a | b);
                break;
            case "Delay":
                options.Delay = Duration(value);
                break;
            case "Deadline":
                options.Deadline = Duration(value);
                break;
            case "Strategy":
                options.Strategy = int.TryParse(value, out var strategy) ? (ExplorationStrategy)strategy : Enum.Parse<ExplorationStrategy>(value);
                break;
            case "StatusCodes":
                options.StatusCodes = Codes(value)!;
                break;
            case "StatusCodesByCallee[payments]":
                options.StatusCodesByCallee["payments"] = Codes(value)!;
                break;
            default:
                throw new ArgumentException($"unknown setting {setting}", nameof(setting));
        }

        return options;
    }

    private static List<int>? Codes(string value) => value == "null"
        ? null
        : [.. value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture))];

    private static TimeSpan Duration(string value) => value switch
    {
        "0" => TimeSpan.Zero,
        "-1s" => TimeSpan.FromSeconds(-1),
        "2d" => TimeSpan.FromDays(2),
        "1d" => TimeSpan.FromDays(1),
        "1d+1ms" => TimeSpan.FromDays(1) + TimeSpan.FromMilliseconds(1),
        "1ms" => TimeSpan.FromMilliseconds(1),
        "0.5ms" => TimeSpan.FromMilliseconds(0.5),
        _ => throw new ArgumentException($"unknown duration {value}", nameof(value)),
    };
}
