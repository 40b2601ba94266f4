using Xunit;

namespace Ldfi.Testing.Tests.Snapshots;

public class LineDiffTests
{
    [Fact]
    public void Changes_far_apart_get_their_own_hunks_with_three_lines_of_context()
    {
        var before = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 2\n", "line two\n", StringComparison.Ordinal).Replace("line 18\n", string.Empty, StringComparison.Ordinal);

        var diff = LineDiff.Unified(before, after, "a", "b");

        Assert.Equal(
            "--- a\n+++ b\n" +
            "@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n" +
            "@@ -15,6 +15,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20\n",
            diff);
    }

    [Fact]
    public void Equal_texts_have_no_hunk()
    {
        Assert.Equal("--- a\n+++ b\n", LineDiff.Unified("x\ny\n", "x\ny\n", "a", "b"));
    }
}
