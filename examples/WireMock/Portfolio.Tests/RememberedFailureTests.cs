using Ldfi.Testing;
using Xunit.Abstractions;

namespace Portfolio.Tests;

/// <summary>
/// What the demo shows, proven in CI: the demo test is run twice through xUnit's pipeline, each time against new
/// WireMock.Net stubs on new random ports, as two <c>dotnet test</c> runs would be. The first run finds the weakness;
/// the second replays the remembered failure in its first experiment, with no identity-drift warning.
/// </summary>
[Collection(PortfolioCollection.Name)]
public sealed class RememberedFailureTests(ITestOutputHelper output)
{
    private static readonly string DemoName = $"{typeof(PortfolioTests).FullName}.{nameof(PortfolioTests.Portfolio_value_is_shown)}";

    [Fact]
    public async Task The_failure_found_in_one_run_is_replayed_first_in_the_next_although_the_stubs_moved_to_new_ports()
    {
        if (File.Exists(LastFailurePath()))
        {
            File.Delete(LastFailurePath()); // start as a fresh checkout does: nothing remembered
        }

        var ports = new List<int>();
        var runs = new List<(string Message, string Output)>();
        for (var run = 0; run < 2; run++)
        {
            await using var portfolio = new PortfolioFixture();
            await portfolio.InitializeAsync();
            ports.Add(portfolio.Coins.Port);
            var messages = await Harness.RunAsync<PortfolioTests>(nameof(PortfolioTests.Portfolio_value_is_shown), portfolio);
            var failed = Assert.Single(messages.Of<ITestFailed>());
            runs.Add((failed.Messages[0], failed.Output));
            output.WriteLine($"run {run + 1}, svc-coins stub on port {portfolio.Coins.Port}:\n{failed.Output}");
        }

        Assert.NotEqual(ports[0], ports[1]);
        var remembered = File.ReadAllText(LastFailurePath()).Trim();
        var fault = Assert.Single(FaultSetDescription.Parse(remembered).Faults);
        Assert.Equal(("portfolio", "svc-coins", "GET /holdings/alice", 1), (fault.Caller, fault.Callee, fault.Operation, fault.Ordinal));

        // The weakness, in the test's own words: its assertion's type and message.
        Assert.Contains("Xunit.Sdk.EqualException: Assert.Equal() Failure", runs[0].Message, StringComparison.Ordinal);

        // The next run: the remembered set is experiment #1, it fails again, and nothing drifted.
        var first = runs[1].Output.Split('\n').First(l => l.Contains("#1 ", StringComparison.Ordinal));
        Assert.Contains("Replay", first, StringComparison.Ordinal);
        Assert.Contains("failed", first, StringComparison.Ordinal);
        Assert.Contains($"{fault.Value} on {fault.Site}", runs[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[ldfi] warning", runs[1].Output, StringComparison.Ordinal);
        Assert.DoesNotContain("identity drift", runs[1].Message, StringComparison.Ordinal);
    }

    /// <summary>Where the demo test remembers its last failure: <c>TestResults/ldfi</c> beside this project, or <c>LDFI_RESULTS_DIR</c>.</summary>
    private static string LastFailurePath([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(ReportOptions.FromEnvironment(defaultDirectory: Path.Combine(Path.GetDirectoryName(source)!, "TestResults", "ldfi")).Directory, DemoName + ".last-failure.txt");
}
