using System.Collections.Concurrent;
using System.Globalization;

namespace Ldfi.Testing;

internal sealed partial class VirtualClock
{
    /// <summary>The request header that names a request's <see cref="Transit"/>, so the callee's middleware can mark it delivered.</summary>
    public const string TransitHeader = "Ldfi-Transit";

    private readonly ConcurrentDictionary<string, Transit> transits = new(StringComparer.Ordinal);
    private long transitIds;
    private int moving;

    /// <summary>
    /// Starts the transit of a request the run sends to one of its services: until the callee's middleware takes it
    /// (<see cref="Transit.Deliver"/>), and again from the moment it leaves the callee's middleware until the caller has
    /// the response, no thread of the run holds the request, so the run counts as busy (<see cref="Inspect"/>): the
    /// clock never jumps while a request or its response is on its way.
    /// </summary>
    /// <returns>The transit, or null when time is real.</returns>
    public Transit? Send()
    {
        if (!Enabled)
        {
            return null;
        }

        var transit = new Transit(this, Interlocked.Increment(ref transitIds).ToString(CultureInfo.InvariantCulture));
        transits[transit.Id] = transit;
        Interlocked.Increment(ref moving);
        Pulse();
        return transit;
    }

    /// <summary>Finds the transit an incoming request names, or null.</summary>
    public Transit? FindTransit(string? id) => id is not null && transits.TryGetValue(id, out var transit) ? transit : null;

    private bool AnyMoving => Volatile.Read(ref moving) > 0;

    /// <summary>One request of the run between its caller and its callee (see <see cref="Send"/>).</summary>
    internal sealed class Transit(VirtualClock clock, string id)
    {
        private readonly Lock gate = new();
        private State state = State.Moving;

        private enum State
        {
            Moving,
            Delivered,
            Done,
        }

        public string Id { get; } = id;

        /// <summary>The callee's middleware has the request: its threads are the run's now.</summary>
        public void Deliver() => Move(State.Moving, State.Delivered, -1);

        /// <summary>The callee's middleware is done with the request: the response is on its way back.</summary>
        public void Return() => Move(State.Delivered, State.Moving, +1);

        /// <summary>The caller has the response (or gave up): the transit is over, whatever the callee still does.</summary>
        public void Receive()
        {
            lock (gate)
            {
                if (state == State.Done)
                {
                    return;
                }

                if (state == State.Moving)
                {
                    Interlocked.Decrement(ref clock.moving);
                }

                state = State.Done;
                clock.transits.TryRemove(Id, out _);
            }

            clock.Pulse();
        }

        private void Move(State from, State to, int change)
        {
            lock (gate)
            {
                if (state != from)
                {
                    return;
                }

                state = to;
                Interlocked.Add(ref clock.moving, change);
            }

            clock.Pulse();
        }
    }
}
