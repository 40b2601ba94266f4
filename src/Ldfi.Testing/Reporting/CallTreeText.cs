using System.Text;

namespace Ldfi.Testing;

/// <summary>A run's call tree as indented text: one call a line, injected faults marked, new calls flagged with <c>+</c>.</summary>
internal static class CallTreeText
{
    public static string Render(ExperimentRun run, ISet<string>? appeared = null, string indent = "  ")
    {
        var text = new StringBuilder();
        foreach (var call in run.Calls)
        {
            Append(text, call, 0, appeared, indent);
        }

        return text.Length == 0 ? indent + "(no calls across a boundary)\n" : text.ToString();
    }

    private static void Append(StringBuilder text, CallRecord call, int depth, ISet<string>? appeared, string indent)
    {
        var mark = appeared?.Contains(call.Site.Id) == true ? "+ " : "  ";
        text.Append(indent).Append(mark).Append(' ', depth * 4).Append(depth > 0 ? "└─ " : string.Empty)
            .Append(call.Site).Append(": ").Append(Phrases.Outcome(call)).Append('\n');
        foreach (var child in call.Children)
        {
            Append(text, child, depth + 1, appeared, indent);
        }
    }
}
