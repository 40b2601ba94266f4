using System.Text.Json;
using Ldfi.Testing.Tests.Snapshots;
using Xunit;

namespace Ldfi.Testing.Tests.Reporting;

public sealed class JsonAndWriterTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Json_parses_back_to_the_verdict_the_failing_sets_and_every_run()
    {
        var result = await Systems.Explore("double-charge");

        var text = ExplorationReport.Json(result, "Checkout.Pays_once");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;

        Assert.Contains("\"site\": \"A>P POST /charges#1\"", text, StringComparison.Ordinal);
        Assert.Equal("Error, Status, Delay", root.GetProperty("options").GetProperty("faults").GetString());

        Assert.Equal("Checkout.Pays_once", root.GetProperty("test").GetString());
        Assert.Equal("Failed", root.GetProperty("verdict").GetString());
        Assert.Equal(2, root.GetProperty("options").GetProperty("maxFaults").GetInt32());
        Assert.Equal(result.Experiments, root.GetProperty("experiments").GetInt32());
        Assert.Equal(result.CallSites.Select(s => s.Id), root.GetProperty("callSites").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        // The bounded search after the first failure finds double-charge's other minimal failing sets too.
        var sets = root.GetProperty("failingFaultSets").EnumerateArray().ToList();
        Assert.Equal(result.FailingFaultSets.Count, sets.Count);
        Assert.Equal(result.AllFailuresFound, root.GetProperty("allFailuresFound").GetBoolean());
        Assert.Equal(result.ExperimentsAfterFirstFailure, root.GetProperty("experimentsAfterFirstFailure").GetInt32());
        var singles = sets.Where(s => s.GetArrayLength() == 1).Select(s => s[0])
            .Select(f => new Fault(CallSite.Parse(f.GetProperty("site").GetString()!), Enum.Parse<FaultKind>(f.GetProperty("kind").GetString()!)));
        Assert.Contains(result.FailingFaultSet![0], singles);
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(result.Runs.Select(r => (r.Number, r.Kind.ToString(), r.Passed)), runs.Select(r => (r.GetProperty("number").GetInt32(), r.GetProperty("kind").GetString()!, r.GetProperty("passed").GetBoolean())));
        var failing = runs[result.Runs.ToList().IndexOf(result.FailingRun!)];
        Assert.Contains("charged 2 times", failing.GetProperty("failure").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Delay", failing.GetProperty("calls")[0].GetProperty("fault").GetString());
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("failure").ValueKind);
    }

    [Fact]
    public async Task Writer_writes_json_and_markdown_under_a_safe_name_and_appends_the_job_summary()
    {
        var failed = await Systems.Explore("single");
        var tolerant = await FaultExplorer.ExploreAsync(Systems.FallbackWithoutX, new ExplorationOptions { MaxFaults = 1 });
        var summary = Path.Combine(folder.Path, "summary.md");
        var options = ReportOptions.FromEnvironment(name => name switch
        {
            "LDFI_RESULTS_DIR" => Path.Combine(folder.Path, "results"),
            "GITHUB_STEP_SUMMARY" => summary,
            _ => null,
        });

        var files = ReportWriter.Write(failed, "Shop.Tests.Pays(amount: 3)", options);
        ReportWriter.Write(tolerant, "Shop.Tests.Degrades", options);

        Assert.Equal(Path.Combine(folder.Path, "results", "Shop.Tests.Pays_amount__3_.json"), files.JsonPath);
        Assert.Equal(Path.Combine(folder.Path, "results", "Shop.Tests.Pays_amount__3_.md"), files.MarkdownPath);
        Assert.Equal(ExplorationReport.Markdown(failed, "Shop.Tests.Pays(amount: 3)"), File.ReadAllText(files.MarkdownPath));
        Assert.Equal("Failed", JsonDocument.Parse(File.ReadAllText(files.JsonPath)).RootElement.GetProperty("verdict").GetString());
        var appended = File.ReadAllText(summary);
        Assert.StartsWith("## ❌ `Shop.Tests.Pays(amount: 3)`: Failed", appended, StringComparison.Ordinal);
        Assert.EndsWith($"- ✅ `Shop.Tests.Degrades`: {tolerant.Summary}\n", appended, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_come_from_the_environment_or_TestResults()
    {
        var options = ReportOptions.FromEnvironment(_ => null);

        Assert.Equal(Path.Combine("TestResults", "ldfi"), options.Directory);
        Assert.Null(options.StepSummaryPath);
    }

    [Theory]
    [InlineData("A.B(x: \"1/2\")", "A.B_x___1_2__")]
    [InlineData("..", "test")]
    public void Safe_file_names_keep_only_portable_characters(string name, string expected)
    {
        Assert.Equal(expected, ReportWriter.SafeFileName(name));
        Assert.Equal(120, ReportWriter.SafeFileName(new string('x', 300)).Length);
    }
}
