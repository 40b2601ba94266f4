namespace Ldfi.Testing;

/// <summary>What one call got.</summary>
public enum CallOutcome
{
    /// <summary>The call had not completed when the run ended.</summary>
    Pending,

    /// <summary>The call succeeded.</summary>
    Succeeded,

    /// <summary>The call failed by itself (an organic error: an exception or an error status from the callee).</summary>
    Failed,

    /// <summary>The call got an injected fault.</summary>
    Faulted,
}
