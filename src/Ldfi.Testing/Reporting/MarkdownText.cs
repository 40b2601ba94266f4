using System.Text;

namespace Ldfi.Testing;

/// <summary>Builds the Markdown report (<see cref="ExplorationReport.Markdown"/>).</summary>
internal static class MarkdownText
{
    public static string Build(ExplorationResult result, string testName)
    {
        var md = new StringBuilder();
        var icon = result.Verdict switch { Verdict.Tolerant => "✅", Verdict.BudgetExhausted => "⚠️", _ => "❌" };
        md.Append("## ").Append(icon).Append(' ').Append(Code(testName)).Append(": ").Append(result.Verdict).Append("\n\n");
        md.Append("**").Append(Escape(result.Summary)).Append("**\n\n");
        md.Append("Bounds: up to ").Append(Phrases.Plural(result.Options.MaxFaults, "fault")).Append(" of kinds ")
            .Append(Phrases.Kinds(result.Options.Faults)).Append(", strategy ").Append(result.Options.Strategy).Append(", ")
            .Append(Phrases.Plural(result.Experiments, "experiment")).Append(" (distinct fault sets, baseline included).\n\n");
        Parallel(md, result);
        if (IdentityDrift.Lines(result) is { Count: > 0 } drift)
        {
            md.Append("> [!WARNING]\n> Planned faults that were not injected (identity drift):\n");
            foreach (var line in drift)
            {
                md.Append("> - ").Append(Escape(line)).Append('\n');
            }

            md.Append('\n');
        }

        switch (result.Verdict)
        {
            case Verdict.Failed when result.FailingRun is { } run:
                Failed(md, result, run);
                break;
            case Verdict.BaselineFailed:
                md.Append("The test fails without any fault injected: an ordinary failure. Nothing was explored.\n\n");
                Failure(md, result.Baseline);
                Tree(md, "Calls of the baseline run #0", result.Baseline, null);
                break;
            case Verdict.Flaky:
                md.Append("The same faults did not give the same behaviour: ").Append(Escape(result.Problem ?? "unknown")).Append(".\n\n");
                if (result.FailingRun is { Passed: false } flaky)
                {
                    var same = FailureText.SameFaults(result, flaky);
                    md.Append("| run | faults that fired | outcome |\n| --- | --- | --- |\n");
                    foreach (var each in same)
                    {
                        md.Append("| #").Append(each.Number).Append(' ').Append(each.Kind).Append(" | ")
                            .Append(each.Injected.IsEmpty ? "none" : Escape(each.Injected.ToString())).Append(" | ")
                            .Append(each.Passed ? "passed" : Escape(Phrases.Failure(each.Failure).Split('\n')[0])).Append(" |\n");
                    }

                    md.Append('\n');
                    foreach (var each in same.Where(r => !r.Passed))
                    {
                        Failure(md, each);
                        Tree(md, $"Call tree of run #{each.Number} ({each.Kind})", each, null);
                    }
                }

                break;
            default:
                Tolerant(md, result);
                break;
        }

        RealTimers(md, result);

        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static void RealTimers(StringBuilder md, ExplorationResult result)
    {
        if (result.RealTimers.Count == 0)
        {
            return;
        }

        md.Append("### Real timers\n\nThese timers were not created through the service's `TimeProvider`. Ldfi.Testing saw each one ")
            .Append("armed and fired it when the experiment's virtual clock reached its due time, so they cost no real time. ")
            .Append("Moving them onto the `TimeProvider` makes them testable with any fake clock as well:\n\n")
            .Append("| timer | due | armed in | service | fired on the clock | fix |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var timer in result.RealTimers)
        {
            md.Append("| ").Append(Code(timer.ArmedBy)).Append(" | ").Append(Phrases.Duration(timer.DueTime)).Append(" | ")
                .Append(timer.ArmedIn is null ? "outside the application's code" : Code(timer.ArmedIn)).Append(" | ").Append(Escape(timer.Service))
                .Append(" | ").Append(timer.FiredOnClock ? "yes" : "no (disposed or answered first)").Append(" | ").Append(Escape(timer.Fix)).Append(" |\n");
        }

        md.Append('\n');
    }

    private static void Parallel(StringBuilder md, ExplorationResult result)
    {
        if (result.ParallelismFallback is { } fallback)
        {
            md.Append("> [!WARNING]\n> The experiments share state: from experiment #").Append(fallback.Experiment)
                .Append(" on they ran one at a time (Parallelism ").Append(result.Options.Parallelism).Append(" was asked for). ")
                .Append("Experiment #").Append(fallback.Experiment).Append(" under ").Append(Escape(fallback.Alone.Planned.ToString()))
                .Append(" behaved differently beside other experiments than when re-run alone; only the lone run counted.\n");
            if (fallback.OutcomeChanged)
            {
                md.Append("> - the test ").Append(fallback.BesideOthers.Passed ? "passed" : "failed").Append(" beside others and ")
                    .Append(fallback.Alone.Passed ? "passed" : "failed").Append(" alone\n");
            }

            foreach (var fault in fallback.FaultsNotFiredBesideOthers)
            {
                md.Append("> - fired alone, not beside others: ").Append(Escape(fault.ToString())).Append('\n');
            }

            foreach (var changed in fallback.ChangedAnswers)
            {
                md.Append("> - answered differently: ").Append(Escape(changed)).Append('\n');
            }

            foreach (var site in fallback.VanishedCalls)
            {
                md.Append("> - vanished beside others: ").Append(Code(site.ToString())).Append('\n');
            }

            foreach (var site in fallback.AppearedCalls)
            {
                md.Append("> - made only beside others: ").Append(Code(site.ToString())).Append('\n');
            }

            md.Append(">\n> Keep each test's state apart (its own stubs, rows or keys) to keep experiments parallel, or set Parallelism = 1.\n\n");
        }

        if (result.LoneReruns > 0)
        {
            md.Append("Parallel checks: ").Append(Phrases.Plural(result.LoneReruns, "run")).Append(" that ran beside others did not behave as a lone run would and ")
                .Append(result.LoneReruns == 1 ? "was" : "were").Append(" re-run alone (")
                .Append(result.LoneRerunTime.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).Append(" s); only the lone runs counted.\n\n");
        }
    }

    private static void Failed(StringBuilder md, ExplorationResult result, ExperimentRun run)
    {
        var changes = new RunComparison(result.Baseline, run);
        md.Append("### Minimal failing fault set\n\n| Fault | Call site | While serving |\n| --- | --- | --- |\n");
        foreach (var fault in run.Injected)
        {
            md.Append("| ").Append(fault.Value).Append(" | ").Append(Code(fault.Site.ToString())).Append(" | ")
                .Append(fault.Site.Parent is { } p ? Code(p.ToString()) : "the test").Append(" |\n");
        }

        md.Append("\n### What happened\n\n").Append(Escape(Phrases.Narrative(run, changes, result.Options.Deadline))).Append("\n\n");
        md.Append("### Call graphs\n\nLeft the baseline, right the failing run: ")
            .Append("**red** edges got the injected fault, **orange** edges are calls the baseline never made (retries, fallbacks), ")
            .Append("**dashed grey** edges are baseline calls that did not happen.\n\n");
        md.Append(Fence(MermaidGraph.Comparison(result.Baseline, run, changes), "mermaid"));
        Failure(md, run);
        Tree(md, $"Call tree of the failing run #{run.Number}", run, changes.AppearedIds);
        if (result.FailingFaultSets.Count > 1)
        {
            md.Append(result.AllFailuresFound ? "### All minimal failing fault sets\n\n" : "### Minimal failing fault sets found, there may be more\n\n");
            foreach (var set in result.FailingFaultSets)
            {
                md.Append("- ").Append(Escape(set.ToString())).Append('\n');
            }

            md.Append('\n');
        }

        if (result.Hardening.Count > 0)
        {
            md.Append("### Where to harden\n\nIn every minimal failing fault set found: hardening one of these removes every known failure.\n\n")
                .Append("| Call site | Pattern | What the runs show | Fix |\n| --- | --- | --- | --- |\n");
            foreach (var advice in result.Hardening)
            {
                md.Append("| ").Append(Code(advice.Call)).Append(" | ").Append(Phrases.Pattern(advice.Pattern)).Append(" | ")
                    .Append(Escape(advice.Evidence)).Append(" | ").Append(Escape(advice.Fix)).Append(" |\n");
            }

            md.Append('\n');
        }

        md.Append("### Replay\n\nAdd to `ExplorationOptions.Replay` (or keep a snapshot) to run it first next time:\n\n")
            .Append(Fence(FaultSetDescription.From(run.Injected) + "\n", "text"));
    }

    private static void Tolerant(StringBuilder md, ExplorationResult result)
    {
        var baseline = result.Baseline.AllCalls.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        var extra = result.CallSites.Where(s => !baseline.Contains(s.Id)).ToList();
        md.Append("### Redundancy found\n\n");
        if (extra.Count == 0)
        {
            md.Append("No call appeared only under faults: no retry or fallback was used.\n\n");
        }
        else
        {
            md.Append("Calls that only happened under faults, the retries and fallbacks the system used:\n\n| Call site | Role | First used in | Under faults |\n| --- | --- | --- | --- |\n");
            foreach (var site in extra)
            {
                var run = result.Runs.First(r => r.AllCalls.Any(c => c.Site.Equals(site)));
                md.Append("| ").Append(Code(site.ToString())).Append(" | ").Append(RunComparison.Role(run, run.AllCalls.First(c => c.Site.Equals(site)))).Append(" | run #")
                    .Append(run.Number).Append(" | ").Append(Escape(run.Injected.ToString())).Append(" |\n");
            }

            md.Append('\n');
        }

        md.Append("### Call sites\n\n").Append(Fence(MermaidGraph.CallSites(result), "mermaid"));
        md.Append("| # | Call site | In the baseline |\n| --- | --- | --- |\n");
        var i = 0;
        foreach (var site in result.CallSites)
        {
            md.Append("| ").Append(++i).Append(" | ").Append(Code(site.Id)).Append(" | ").Append(baseline.Contains(site.Id) ? "yes" : "no").Append(" |\n");
        }

        md.Append('\n');
    }

    private static void Failure(StringBuilder md, ExperimentRun run) =>
        md.Append("### The test's failure\n\n").Append(Fence(Phrases.Failure(run.Failure) + "\n", "text"));

    private static void Tree(StringBuilder md, string title, ExperimentRun run, ISet<string>? appeared) =>
        md.Append("<details><summary>").Append(Escape(title)).Append("</summary>\n\n")
            .Append(Fence(CallTreeText.Render(run, appeared, string.Empty), "text")).Append("</details>\n\n");

    private static string Fence(string content, string language)
    {
        var longest = 0;
        for (int i = 0, run = 0; i < content.Length; i++)
        {
            run = content[i] == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        return $"{fence}{language}\n{content.TrimEnd('\n')}\n{fence}\n\n";
    }

    private static string Code(string value) => "`" + value.Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal) + "`";

    private static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("*", "\\*", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal);
}
