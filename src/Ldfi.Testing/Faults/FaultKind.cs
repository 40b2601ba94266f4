namespace Ldfi.Testing;

/// <summary>
/// The kinds of fault the explorer can inject at a call site. Combine them as flags in
/// <see cref="ExplorationOptions.Faults"/>; a single <see cref="Fault"/> always has exactly one kind.
/// </summary>
[Flags]
public enum FaultKind
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>The request is never delivered; the caller sees a transport failure.</summary>
    Error = 1,

    /// <summary>The caller gets an error response (a status code) without the callee running.</summary>
    Status = 2,

    /// <summary>The request is delivered and processed, but the response is held back past the caller's timeout.</summary>
    Delay = 4,

    /// <summary>Every kind: <see cref="Error"/>, <see cref="Status"/> and <see cref="Delay"/>.</summary>
    All = Error | Status | Delay,
}
