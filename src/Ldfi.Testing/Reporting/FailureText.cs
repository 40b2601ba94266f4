using System.Text;

namespace Ldfi.Testing;

/// <summary>Builds the failure message a person can act on (<see cref="ExplorationReport.FailureMessage"/>).</summary>
internal static class FailureText
{
    public static string Build(ExplorationResult result, string testName)
    {
        var text = new StringBuilder();
        text.Append("LDFI: ").Append(testName).Append(": ").Append(result.Summary).Append("\n\n");
        switch (result.Verdict)
        {
            case Verdict.BaselineFailed:
                text.Append("The test fails without any fault injected: an ordinary failure, fix it first. Nothing was explored.\n\n");
                Tree(text, "Calls of the baseline run #0", result.Baseline, null);
                Test(text, result.Baseline);
                break;
            case Verdict.Flaky:
                Flaky(text, result);
                break;
            case Verdict.Failed when result.FailingRun is { } run:
                Failed(text, result, run);
                break;
            case Verdict.Stuck:
                text.Append("A run was stopped and its test body (or tear-down) did not finish within StopGracePeriod, so the exploration ended ")
                    .Append("instead of starting another run beside it: ").Append(result.Problem).Append(".\n")
                    .Append("Pass the test's CancellationToken (or FaultInjection.Current.Stopping) to the calls it waits on.\n");
                break;
            case Verdict.BudgetExhausted:
                text.Append("No failing fault set was found within ").Append(Phrases.Plural(result.Experiments, "experiment"))
                    .Append(", but the search was not finished: the test is NOT certified tolerant. Raise MaxExperiments, or lower MaxFaults.\n");
                break;
            case Verdict.Tolerant:
                text.Append("Every fault set of up to ").Append(Phrases.Plural(result.Options.MaxFaults, "fault"))
                    .Append(" over the call sites seen is covered by a passing run.\n");
                break;
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static void Failed(StringBuilder text, ExplorationResult result, ExperimentRun run)
    {
        var changes = new RunComparison(result.Baseline, run);
        text.Append("Minimal failing fault set (removing any one of these faults makes the test pass):\n");
        foreach (var fault in run.Injected)
        {
            text.Append("  • ").Append(fault.Value).Append(" on ").Append(Phrases.Site(fault.Site)).Append('\n');
        }

        text.Append("\nWhat happened:\n  ").Append(Phrases.Narrative(run, changes, result.Options.Deadline)).Append("\n\n");
        Tree(text, $"Call tree of the failing run #{run.Number} (⚡ injected fault, + not in the baseline)", run, changes.AppearedIds);
        text.Append("Against the baseline (run #0):\n");
        Changes(text, "appeared", changes.Appeared.Where(c => c.Site.Parent is not { } p || !changes.AppearedIds.Contains(p.Id)).ToList(), c => $" ({RunComparison.Role(run, c)})");
        Changes(text, "disappeared", changes.Disappeared, _ => string.Empty);
        text.Append('\n');
        Test(text, run);
        if (result.FailingFaultSets.Count > 1)
        {
            text.Append(result.AllFailuresFound ? "All minimal failing fault sets (" : "Minimal failing fault sets found, there may be more (").Append(result.FailingFaultSets.Count).Append("):\n");
            foreach (var set in result.FailingFaultSets)
            {
                text.Append("  • ").Append(set).Append('\n');
            }

            text.Append('\n');
        }

        Harden(text, result);
        text.Append("To replay it first next time (ExplorationOptions.Replay, or keep it as a snapshot):\n");
        foreach (var line in FaultSetDescription.From(run.Injected).ToString().Split('\n'))
        {
            text.Append("  ").Append(line).Append('\n');
        }
    }

    private static void Harden(StringBuilder text, ExplorationResult result)
    {
        if (result.Hardening.Count == 0)
        {
            return;
        }

        text.Append("Where to harden (in every minimal failing fault set found: hardening one removes every known failure):\n");
        foreach (var advice in result.Hardening)
        {
            text.Append("  • ").Append(advice.Call).Append(": ").Append(Phrases.Pattern(advice.Pattern)).Append(".\n    ")
                .Append(advice.Evidence).Append("\n    Fix: ").Append(advice.Fix).Append('\n');
        }

        text.Append('\n');
    }

    private static void Flaky(StringBuilder text, ExplorationResult result)
    {
        text.Append("The exploration assumes the same faults give the same behaviour, and this test broke that: ")
            .Append(result.Problem).Append(".\n");
        if (result.FailingRun is { Passed: false } run && !run.Planned.IsEmpty)
        {
            // Every run of that fault set, side by side: the run and its re-run, with what each did.
            var same = SameFaults(result, run);
            text.Append(same.Any(r => r.Passed) ? "\nThe fault set that both passed and failed:\n" : "\nThe fault set that failed twice, not the same way:\n");
            foreach (var fault in run.Planned)
            {
                text.Append("  • ").Append(fault.Value).Append(" on ").Append(Phrases.Site(fault.Site)).Append('\n');
            }

            text.Append('\n');
            foreach (var each in same)
            {
                text.Append("Run #").Append(each.Number).Append(" (").Append(each.Kind).Append("): ")
                    .Append(each.Passed ? "passed" : "failed with " + Phrases.Failure(each.Failure).Replace("\n", "\n  ", StringComparison.Ordinal))
                    .Append("\n  faults that fired: ").Append(each.Injected.IsEmpty ? "none" : each.Injected.ToString()).Append("\n\n");
            }

            foreach (var each in same.Where(r => !r.Passed))
            {
                Tree(text, $"Call tree of run #{each.Number} ({each.Kind})", each, null);
            }
        }

        text.Append("Look for shared state between runs, time, randomness, or unordered concurrency in the test or the system.\n");
    }

    /// <summary>The runs of a flaky run's fault set other than the baseline's: the run and its confirmation.</summary>
    internal static List<ExperimentRun> SameFaults(ExplorationResult result, ExperimentRun run) =>
        [.. result.Runs.Where(r => r.Planned.Equals(run.Planned) && r.Kind is not RunKind.Baseline and not RunKind.DeterminismCheck)];

    private static void Tree(StringBuilder text, string title, ExperimentRun run, ISet<string>? appeared) =>
        text.Append(title).Append(":\n").Append(CallTreeText.Render(run, appeared)).Append('\n');

    private static void Changes(StringBuilder text, string label, IReadOnlyList<CallRecord> calls, Func<CallRecord, string> note)
    {
        text.Append("  ").Append(label).Append(':').Append(calls.Count == 0 ? " none\n" : "\n");
        foreach (var call in calls)
        {
            text.Append("    ").Append(call.Site).Append(note(call)).Append('\n');
        }
    }

    private static void Test(StringBuilder text, ExperimentRun run)
    {
        text.Append(run.DeadlineExceeded ? "The run was stopped:\n" : "The test's own failure:\n");
        text.Append("  ").Append(Phrases.Failure(run.Failure).Replace("\n", "\n  ", StringComparison.Ordinal)).Append("\n\n");
    }
}
