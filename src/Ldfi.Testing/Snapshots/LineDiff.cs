using System.Globalization;
using System.Text;

namespace Ldfi.Testing;

/// <summary>A unified-style line diff (longest common subsequence, three lines of context), for snapshot mismatches.</summary>
internal static class LineDiff
{
    private const int Context = 3;

    public static string Unified(string expected, string actual, string expectedName, string actualName)
    {
        var a = Lines(expected);
        var b = Lines(actual);
        var ops = Script(a, b);
        var text = new StringBuilder().Append("--- ").Append(expectedName).Append('\n').Append("+++ ").Append(actualName).Append('\n');
        var changes = Enumerable.Range(0, ops.Count).Where(i => ops[i].Op != ' ').ToList();
        for (var k = 0; k < changes.Count; k++)
        {
            var first = changes[k];
            while (k + 1 < changes.Count && changes[k + 1] - changes[k] <= (2 * Context) + 1)
            {
                k++;
            }

            var start = Math.Max(0, first - Context);
            var hunk = ops.GetRange(start, Math.Min(ops.Count, changes[k] + Context + 1) - start);
            text.Append(CultureInfo.InvariantCulture, $"@@ -{hunk[0].A + 1},{hunk.Count(o => o.Op != '+')} +{hunk[0].B + 1},{hunk.Count(o => o.Op != '-')} @@\n");
            foreach (var (op, line, _, _) in hunk)
            {
                text.Append(op).Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    /// <summary>The edit script: ' ' kept, '-' only in expected, '+' only in actual; with each op's position in both.</summary>
    private static List<(char Op, string Line, int A, int B)> Script(string[] a, string[] b)
    {
        if ((long)a.Length * b.Length > 4_000_000)
        {
            // Too big to align cheaply: show everything as replaced.
            return [.. a.Select((l, i) => ('-', l, i, 0)), .. b.Select((l, j) => ('+', l, a.Length, j))];
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char, string, int, int)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                ops.Add((' ', a[x], x++, y++));
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(('-', a[x], x++, y));
            }
            else
            {
                ops.Add(('+', b[y], x, y++));
            }
        }

        return ops;
    }
}
