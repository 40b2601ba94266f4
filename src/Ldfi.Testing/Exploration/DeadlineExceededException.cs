namespace Ldfi.Testing;

/// <summary>The failure of a run that took longer than <see cref="ExplorationOptions.Deadline"/>.</summary>
public sealed class DeadlineExceededException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DeadlineExceededException"/> class.</summary>
    public DeadlineExceededException()
        : this("The run exceeded its deadline.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeadlineExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    public DeadlineExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeadlineExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public DeadlineExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static DeadlineExceededException For(FaultSet faults, TimeSpan deadline)
    {
        var delayed = faults.Where(f => f.Kind == FaultKind.Delay).ToList();
        var cause = delayed.Count > 0
            ? $"no timeout guarded the delayed call{(delayed.Count > 1 ? "s" : string.Empty)} ({string.Join(", ", delayed.Select(f => f.Site))})"
            : "the test hung";
        return new DeadlineExceededException(
            $"The run exceeded its deadline of {deadline.TotalMilliseconds:0} ms under fault set {faults}: {cause}. " +
            "Give the client a timeout (HttpClient.Timeout, a resilience timeout or a CancellationToken), or raise Deadline if the run is legitimately slow.");
    }
}
