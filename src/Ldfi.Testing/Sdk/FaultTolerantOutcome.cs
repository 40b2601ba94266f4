namespace Ldfi.Testing.Sdk;

/// <summary>The single result a test-framework adapter reports for a <c>[FaultTolerant]</c> test.</summary>
public sealed class FaultTolerantOutcome
{
    internal FaultTolerantOutcome(ExplorationResult? result, bool passed, string summary, string? failureMessage, ReportFiles? reports)
    {
        Result = result;
        Passed = passed;
        Summary = summary;
        FailureMessage = failureMessage;
        Reports = reports;
    }

    /// <summary>Gets the exploration, or null when the settings were invalid and nothing ran.</summary>
    public ExplorationResult? Result { get; }

    /// <summary>Gets a value indicating whether the test passed.</summary>
    public bool Passed { get; }

    /// <summary>Gets the one-line summary, for example <c>Tolerant up to 2 faults: 37 experiments over 14 call sites in 1.8 s</c>.</summary>
    public string Summary { get; }

    /// <summary>Gets the message a person can act on when the test failed; null when it passed.</summary>
    public string? FailureMessage { get; }

    /// <summary>Gets the report files written (Markdown to attach to the test result, JSON), or null when none could be written.</summary>
    public ReportFiles? Reports { get; }
}
