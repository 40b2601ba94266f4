namespace Ldfi.Testing;

/// <summary>
/// The classes of error status that mean the caller's own request is wrong or unauthorised. A correct caller never
/// meets them, so by default a callee's declared codes of these classes are not injected as <see cref="FaultKind.Status"/>
/// faults; combine classes in <see cref="ExplorationOptions.CallerErrorStatuses"/> to opt them in. The table is in
/// docs/attribute.md ("Status codes").
/// </summary>
[Flags]
public enum CallerErrors
{
    /// <summary>No caller error: only statuses that depend on the server or the state of the world.</summary>
    None = 0,

    /// <summary>The request is malformed or invalid: HTTP 400, 411, 413, 414, 415, 422 and 431; gRPC <c>INVALID_ARGUMENT</c>.</summary>
    BadRequest = 1,

    /// <summary>The caller did not authenticate: HTTP 401; gRPC <c>UNAUTHENTICATED</c>.</summary>
    Unauthorized = 2,

    /// <summary>The caller may not do this: HTTP 403; gRPC <c>PERMISSION_DENIED</c>.</summary>
    Forbidden = 4,

    /// <summary>The method or the representation asked for is not offered: HTTP 405 and 406 (no gRPC code).</summary>
    NotAllowed = 8,

    /// <summary>Every class: <see cref="BadRequest"/>, <see cref="Unauthorized"/>, <see cref="Forbidden"/> and <see cref="NotAllowed"/>.</summary>
    All = BadRequest | Unauthorized | Forbidden | NotAllowed,
}
