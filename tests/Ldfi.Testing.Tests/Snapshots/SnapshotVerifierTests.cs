using Ldfi.Testing.Tests.Reporting;
using Xunit;

namespace Ldfi.Testing.Tests.Snapshots;

public sealed class SnapshotVerifierTests : IDisposable
{
    private readonly TempFolder folder = new();

    private SnapshotOptions Options(bool accept = false, bool ci = false) =>
        new() { Directory = folder.Path, Accept = accept, IsCi = ci, LaunchDiffTool = false };

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Render_lists_every_minimal_failing_set_and_reads_back_to_the_same_sets()
    {
        var result = await Systems.Explore("quorum", findAll: true);

        var text = SnapshotVerifier.Render(result);
        Assert.True(SnapshotVerifier.Verify(result, "Quorum", "Reads", Options(accept: true)).Accepted);
        var back = SnapshotVerifier.ReadFaultSets(SnapshotVerifier.VerifiedPath(folder.Path, "Quorum", "Reads"));

        Assert.Contains("verdict: Failed\nmax faults: 2\nfault kinds: Error, Status, Delay\nstatus codes: 500, 503\nstrategy: Exact\n", text, StringComparison.Ordinal);
        Assert.Contains($"failing sets: {result.FailingFaultSets.Count}\n", text, StringComparison.Ordinal);
        Assert.Equal(result.FailingFaultSets.Count, back.Count);
        Assert.Equal(result.FailingFaultSets.ToHashSet(), back.Select(d => d.Faults).ToHashSet());
        Assert.DoesNotContain(" ms", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_consecutive_explorations_give_a_byte_identical_snapshot()
    {
        var verified = SnapshotVerifier.VerifiedPath(folder.Path, "Checkout", "Pays_once");
        Assert.True(SnapshotVerifier.Verify(await Systems.Explore("double-charge", findAll: true), "Checkout", "Pays_once", Options(accept: true)).Accepted);
        var first = File.ReadAllBytes(verified);

        for (var i = 0; i < 10; i++)
        {
            var check = SnapshotVerifier.Verify(await Systems.Explore("double-charge", findAll: true), "Checkout", "Pays_once", Options());
            Assert.True(check.Passed, check.Message);
            Assert.False(check.Accepted);
        }

        Assert.Equal(first, File.ReadAllBytes(verified));
        Assert.False(first.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
        Assert.DoesNotContain((byte)'\r', first);
        Assert.Equal((byte)'\n', first[^1]);
        Assert.NotEqual((byte)'\n', first[^2]);
    }

    [Fact]
    public async Task An_equal_snapshot_passes_and_deletes_a_stale_received_file()
    {
        var result = await Systems.Explore("primary-backup", findAll: true);
        File.WriteAllText(SnapshotVerifier.VerifiedPath(folder.Path, "C", "M"), SnapshotVerifier.Render(result).Replace("\n", "\r\n", StringComparison.Ordinal));
        File.WriteAllText(SnapshotVerifier.ReceivedPath(folder.Path, "C", "M"), "stale");

        var check = SnapshotVerifier.Verify(result, "C", "M", Options());

        Assert.True(check.Passed, check.Message);
        Assert.False(File.Exists(check.ReceivedPath));
    }

    [Fact]
    public async Task A_missing_snapshot_fails_and_writes_the_received_file_only()
    {
        var result = await Systems.Explore("single", findAll: true);

        var check = SnapshotVerifier.Verify(result, "C", "M", Options());

        Assert.False(check.Passed);
        Assert.False(File.Exists(check.VerifiedPath));
        Assert.Equal(SnapshotVerifier.Render(result), File.ReadAllText(check.ReceivedPath));
        Assert.Contains("No verified snapshot yet: C.M.verified.txt does not exist", check.Message, StringComparison.Ordinal);
        Assert.Contains("Error @ A>B GET /#1", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_snapshot_fails_with_a_line_diff_and_how_to_accept()
    {
        var before = await Systems.Explore("single", findAll: true);
        var after = await Systems.Explore("double-charge", findAll: true);
        SnapshotVerifier.Verify(before, "C", "M", Options(accept: true));

        var check = SnapshotVerifier.Verify(after, "C", "M", Options());

        Assert.False(check.Passed);
        Assert.Equal(SnapshotVerifier.Render(after), File.ReadAllText(check.ReceivedPath));
        Assert.Equal(SnapshotVerifier.Render(before), File.ReadAllText(check.VerifiedPath));
        Assert.Contains("--- C.M.verified.txt\n+++ C.M.received.txt\n@@ -", check.Message, StringComparison.Ordinal);
        Assert.Contains("\n-Error @ A>B GET /#1\n", check.Message, StringComparison.Ordinal);
        Assert.Contains("\n+Delay @ A>P POST /charges#1\n", check.Message, StringComparison.Ordinal);
        Assert.Contains("\n ## set 1\n", check.Message, StringComparison.Ordinal);
        Assert.Contains("re-run the test with LDFI_ACCEPT=1", check.Message, StringComparison.Ordinal);
        Assert.Contains($"rename {check.ReceivedPath} to C.M.verified.txt", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LDFI_ACCEPT_writes_the_verified_file_outside_CI()
    {
        var result = await Systems.Explore("single", findAll: true);
        var options = SnapshotOptions.FromEnvironment(folder.Path, Env(("LDFI_ACCEPT", "1")));
        options.LaunchDiffTool = false;

        var check = SnapshotVerifier.Verify(result, "C", "M", options);

        Assert.True(check.Passed && check.Accepted, check.Message);
        Assert.Equal(SnapshotVerifier.Render(result), File.ReadAllText(check.VerifiedPath));
        Assert.False(File.Exists(check.ReceivedPath));
    }

    [Fact]
    public async Task LDFI_ACCEPT_is_never_honoured_when_CI_is_set()
    {
        var result = await Systems.Explore("single", findAll: true);
        var options = SnapshotOptions.FromEnvironment(folder.Path, Env(("LDFI_ACCEPT", "1"), ("CI", "true")));

        var check = SnapshotVerifier.Verify(result, "C", "M", options);

        Assert.True(options.Accept && options.IsCi);
        Assert.False(check.Passed || check.Accepted);
        Assert.False(File.Exists(check.VerifiedPath));
        Assert.True(File.Exists(check.ReceivedPath));
        Assert.Contains("this is a CI run, where LDFI_ACCEPT is ignored", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData("true", null, true, false)]
    [InlineData("0", "1", false, true)]
    [InlineData("", "", false, false)]
    public void FromEnvironment_reads_LDFI_ACCEPT_and_CI(string? accept, string? ci, bool expectAccept, bool expectCi)
    {
        var options = SnapshotOptions.FromEnvironment("snapshots", Env(("LDFI_ACCEPT", accept), ("CI", ci)));

        Assert.Equal(("snapshots", expectAccept, expectCi), (options.Directory, options.Accept, options.IsCi));
    }

    [Fact]
    public async Task Verified_sets_replayed_first_fail_before_any_solver_experiment()
    {
        SnapshotVerifier.Verify(await Systems.Explore("double-charge", findAll: true), "C", "M", Options(accept: true));
        var options = Scenarios.Catalog.Options();
        foreach (var set in SnapshotVerifier.ReadFaultSets(SnapshotVerifier.VerifiedPath(folder.Path, "C", "M")))
        {
            options.Replay.Add(set);
        }

        var result = await FaultExplorer.ExploreAsync(Scenarios.Catalog.Get("double-charge").Test, options);

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal(RunKind.Replay, result.FailingRun!.Kind);
        // The solver's experiments come after every replay: those of the bounded search for more failing sets.
        Assert.DoesNotContain(result.Runs.TakeWhile(r => r != result.Runs.Last(r => r.Kind == RunKind.Replay)), r => r.Kind == RunKind.Experiment);
    }

    [Fact]
    public void ReadFaultSets_of_a_missing_file_is_empty_and_a_bad_line_names_the_file()
    {
        var path = Path.Combine(folder.Path, "bad.verified.txt");
        Assert.Empty(SnapshotVerifier.ReadFaultSets(path));

        File.WriteAllText(path, "verdict: Failed\n\n## set 1\nnot a fault\n");

        var error = Assert.Throws<FormatException>(() => SnapshotVerifier.ReadFaultSets(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_baseline_failure_is_not_snapshotted()
    {
        var result = await FaultExplorer.ExploreAsync(Systems.AlwaysFails, Scenarios.Catalog.Options(findAll: true));

        var check = SnapshotVerifier.Verify(result, "C", "M", Options(accept: true));

        Assert.False(check.Passed);
        Assert.Contains("ended BaselineFailed", check.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    private static Func<string, string?> Env(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
