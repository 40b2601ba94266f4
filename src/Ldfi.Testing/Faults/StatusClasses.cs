namespace Ldfi.Testing;

/// <summary>
/// Which error statuses a correct caller can meet (docs/attribute.md, "Status codes"): every code but the ones of a
/// <see cref="CallerErrors"/> class, which mean the caller's own request is wrong or unauthorised.
/// </summary>
internal static class StatusClasses
{
    /// <summary>The caller-error class of an HTTP status code, or <see cref="CallerErrors.None"/> for one a correct caller can meet.</summary>
    public static CallerErrors OfHttp(int code) => code switch
    {
        400 or 411 or 413 or 414 or 415 or 422 or 431 => CallerErrors.BadRequest,
        401 => CallerErrors.Unauthorized,
        403 => CallerErrors.Forbidden,
        405 or 406 => CallerErrors.NotAllowed,
        _ => CallerErrors.None,
    };

    /// <summary>The gRPC status code of each caller-error class that has one, in the order of the classes.</summary>
    public static IEnumerable<int> GrpcCodes(CallerErrors classes)
    {
        if (classes.HasFlag(CallerErrors.BadRequest))
        {
            yield return 3; // INVALID_ARGUMENT
        }

        if (classes.HasFlag(CallerErrors.Forbidden))
        {
            yield return 7; // PERMISSION_DENIED
        }

        if (classes.HasFlag(CallerErrors.Unauthorized))
        {
            yield return 16; // UNAUTHENTICATED
        }
    }

    /// <summary>
    /// The Status values of an HTTP call site: <paramref name="defaults"/> (<see cref="ExplorationOptions.StatusCodes"/>)
    /// and the callee's declared codes that a correct caller can meet, or that belong to an opted-in class.
    /// </summary>
    public static int[] Http(IEnumerable<int> defaults, IEnumerable<int>? declared, CallerErrors optedIn) =>
        [.. defaults.Concat((declared ?? []).Where(c => (OfHttp(c) & ~optedIn) == CallerErrors.None)).Distinct().Order()];
}
