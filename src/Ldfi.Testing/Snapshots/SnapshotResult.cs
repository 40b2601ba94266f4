namespace Ldfi.Testing;

/// <summary>The outcome of <see cref="SnapshotVerifier.Verify"/>.</summary>
/// <param name="Passed">Whether the test passes: the snapshot matched, or a change was accepted.</param>
/// <param name="Accepted">Whether a new or changed snapshot was written as verified (<see cref="SnapshotOptions.Accept"/>).</param>
/// <param name="Message">What happened; for a mismatch, a line diff and how to accept it. Adapters fail the test with it.</param>
/// <param name="VerifiedPath">The full path of <c>{TestClass}.{TestMethod}.verified.txt</c>.</param>
/// <param name="ReceivedPath">The full path of <c>{TestClass}.{TestMethod}.received.txt</c> (exists only after a mismatch).</param>
public sealed record SnapshotResult(bool Passed, bool Accepted, string Message, string VerifiedPath, string ReceivedPath);
