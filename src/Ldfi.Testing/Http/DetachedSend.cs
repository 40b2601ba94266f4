namespace Ldfi.Testing;

/// <summary>
/// Sends a request to an in-process callee the way a network does: the callee's pipeline runs on the thread pool, never
/// on the caller's stack, and the caller's cancellation (its timeout) ends the caller's wait at once, whatever the callee
/// is doing; the callee still sees it (TestServer cancels <c>HttpContext.RequestAborted</c>), goes on with its work, and
/// its late answer is disposed.
/// </summary>
/// <remarks>
/// TestServer's own handler does not do this: a cancelled request only cancels the callee's <c>RequestAborted</c>, and
/// the caller waits until the callee starts its response, so a callee blocked synchronously (a database call, a lock)
/// holds its caller for as long as it is blocked, past every timeout above it.
/// </remarks>
internal static class DetachedSend
{
    // The request being sent in the current flow by an outer handler that detached it already: the inner one (the mesh's
    // router below a fault handler) sends it as it is instead of hopping again. Set only in the detached flow, so a retry
    // of the same request from the caller's flow is detached again.
    private static readonly AsyncLocal<HttpRequestMessage?> Detached = new();

    /// <summary>Sends <paramref name="request"/> through <paramref name="send"/> detached from the caller.</summary>
    /// <param name="request">The request.</param>
    /// <param name="send">The inner send (the callee's transport).</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <param name="gaveUp">Called on the thread that cancelled <paramref name="cancellationToken"/> while the callee had
    /// not answered yet, before the caller's wait ends (to tell which timer ended it).</param>
    /// <returns>The callee's response, or a task cancelled as soon as the caller is.</returns>
    public static Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken,
        Action? gaveUp = null)
    {
        if (ReferenceEquals(Detached.Value, request))
        {
            Detached.Value = null;
            return send(request, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<HttpResponseMessage>(cancellationToken);
        }

        // Task.Run flows the execution context: the experiment's attribution goes with the request.
        var sending = Task.Run(
            () =>
            {
                Detached.Value = request;
                return send(request, cancellationToken);
            },
            CancellationToken.None);
        return cancellationToken.CanBeCanceled ? AwaitAsync(sending, gaveUp, cancellationToken) : sending;
    }

    private static async Task<HttpResponseMessage> AwaitAsync(Task<HttpResponseMessage> sending, Action? gaveUp, CancellationToken cancellationToken)
    {
        var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() =>
        {
            if (!sending.IsCompleted)
            {
                gaveUp?.Invoke();
            }

            abandoned.TrySetResult();
        }))
        {
            if (await Task.WhenAny(sending, abandoned.Task).ConfigureAwait(false) == sending)
            {
                return await sending.ConfigureAwait(false);
            }
        }

        Discard(sending);
        throw new TaskCanceledException("The request was canceled: its caller gave up before the callee answered.", null, cancellationToken);
    }

    /// <summary>The callee's late answer: disposed when it comes, its failure observed.</summary>
    private static void Discard(Task<HttpResponseMessage> sending) => sending.ContinueWith(
        static t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                t.Result.Dispose();
            }
            else
            {
                _ = t.Exception;
            }
        },
        CancellationToken.None,
        TaskContinuationOptions.ExecuteSynchronously,
        TaskScheduler.Default);
}
