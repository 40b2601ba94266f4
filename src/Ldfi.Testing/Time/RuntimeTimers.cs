using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ldfi.Testing;

/// <summary>
/// Reaches the runtime's own timers (<c>System.Threading.TimerQueueTimer</c>, behind <c>CancelAfter</c>,
/// <c>Task.Delay</c>, <see cref="Timer"/> and <c>TimeProvider.System</c>) so that a real timer armed in an experiment
/// can be fired when the experiment's virtual clock reaches its due time instead of when the machine's clock does.
/// The runtime's timer queue is internal: its fields are looked up once, by name, and where any is missing (another
/// runtime) <see cref="Available"/> is false and real timers stay real (the clock then waits for them in real time).
/// </summary>
/// <remarks>
/// A timer is found once by the identity <see cref="TimerCensus"/> reports for it (<see cref="RuntimeHelpers.GetHashCode"/>,
/// which a garbage collection does not change), under the lock of the queue it is linked in, and every later look is at
/// the timer itself, checked against the due time the census saw, so a re-armed or disposed timer is never fired.
/// </remarks>
[UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Test tooling; missing members turn the feature off.")]
internal static class RuntimeTimers
{
    private const uint Infinite = uint.MaxValue;
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly Array? Queues;
    private static readonly Func<object, Lock>? QueueLock;
    private static readonly Func<object, object?>? ShortTimers;
    private static readonly Func<object, object?>? LongTimers;
    private static readonly Func<object, object?>? Next;
    private static readonly Func<object, uint>? DueTime;
    private static readonly Func<object, uint>? Period;
    private static readonly Func<object, bool>? Canceled;
    private static readonly Func<object, TimerCallback?>? Callback;
    private static readonly Func<object, object?>? State;
    private static readonly Func<object, ExecutionContext?>? Context;
    private static readonly Func<object, uint, uint, bool>? Change;
    private static readonly Func<object, object>? QueueOf;
    private static readonly Type? TimerType;
    private static readonly Func<CancellationToken, CancellationTokenSource?>? SourceOf;
    private static readonly Func<CancellationTokenSource, object?>? TimerOfSource;

#pragma warning disable CA1810 // One look-up that may fail as a whole: a static constructor says it plainly.
    static RuntimeTimers()
#pragma warning restore CA1810
    {
        try
        {
            var timer = typeof(Timer).Assembly.GetType("System.Threading.TimerQueueTimer");
            var queue = typeof(Timer).Assembly.GetType("System.Threading.TimerQueue");
            if (timer is null || queue is null)
            {
                return;
            }

            var queues = queue.GetProperty("Instances", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(null) as Array;
            var change = timer.GetMethod("Change", Instance, [typeof(uint), typeof(uint)]);
            if (queues is null || change is null || queue.GetProperty("SharedLock", Instance)?.PropertyType != typeof(Lock))
            {
                return;
            }

            QueueLock = Getter<Lock>(queue, "SharedLock", property: true);
            ShortTimers = Getter<object?>(queue, "_shortTimers");
            LongTimers = Getter<object?>(queue, "_longTimers");
            Next = Getter<object?>(timer, "_next");
            DueTime = Getter<uint>(timer, "_dueTime");
            Period = Getter<uint>(timer, "_period");
            Canceled = Getter<bool>(timer, "_canceled");
            Callback = Getter<TimerCallback?>(timer, "_timerCallback");
            State = Getter<object?>(timer, "_state");
            Context = Getter<ExecutionContext?>(timer, "_executionContext");
            QueueOf = Getter<object>(timer, "_associatedTimerQueue");
            var target = Expression.Parameter(typeof(object));
            var due = Expression.Parameter(typeof(uint));
            var period = Expression.Parameter(typeof(uint));
            Change = Expression.Lambda<Func<object, uint, uint, bool>>(Expression.Call(Expression.Convert(target, timer), change, due, period), target, due, period).Compile();
            var token = Expression.Parameter(typeof(CancellationToken));
            SourceOf = Expression.Lambda<Func<CancellationToken, CancellationTokenSource?>>(
                Expression.Field(token, typeof(CancellationToken).GetField("_source", Instance) ?? throw new MissingFieldException("CancellationToken", "_source")), token).Compile();
            var source = Expression.Parameter(typeof(CancellationTokenSource));
            TimerOfSource = Expression.Lambda<Func<CancellationTokenSource, object?>>(
                Expression.Convert(Expression.Field(source, typeof(CancellationTokenSource).GetField("_timer", Instance) ?? throw new MissingFieldException("CancellationTokenSource", "_timer")), typeof(object)), source).Compile();
            TimerType = timer;
            Queues = queues;
        }
#pragma warning disable CA1031 // Any failure means this runtime's timers cannot be reached: the feature is off.
        catch (Exception)
#pragma warning restore CA1031
        {
            Queues = null;
        }
    }

    /// <summary>Gets a value indicating whether this runtime's timers can be reached.</summary>
    public static bool Available => Queues is not null;

    /// <summary>Finds the armed runtime timer with this identity and due time (a walk of the runtime's queues), or null.</summary>
    public static object? Find(long identity, uint due)
    {
        if (!Available)
        {
            return null;
        }

        foreach (var queue in Queues!)
        {
            var gate = QueueLock!(queue!);
            gate.Enter();
            try
            {
                if (FindIn(queue!, identity, due) is { } timer)
                {
                    return timer;
                }
            }
            finally
            {
                gate.Exit();
            }
        }

        return null;
    }

    /// <summary>Tells whether <paramref name="timer"/> is still armed with <paramref name="due"/> milliseconds (a racy read: a hint).</summary>
    public static bool IsArmed(object timer, uint due) => !Canceled!(timer) && DueTime!(timer) == due;

    /// <summary>
    /// Takes a runtime timer over: when it is still armed with <paramref name="due"/> milliseconds (not fired, disposed
    /// nor re-armed since it was seen), it is disarmed, under its queue's lock, and what its firing would have run is
    /// returned, to be run by the caller. Returns null when there is nothing to fire.
    /// </summary>
    public static TakenTimer? TryTake(object timer, uint due)
    {
        var gate = QueueLock!(QueueOf!(timer));
        gate.Enter();
        try
        {
            if (!IsArmed(timer, due))
            {
                return null;
            }

            var period = Period!(timer);
            var taken = new TakenTimer(timer, Callback!(timer)!, State!(timer), Context!(timer), period == Infinite ? null : period);
            Change!(timer, Infinite, Infinite);
            return taken;
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>
    /// Finds the runtime timer a <c>CancelAfter</c> armed on the source of <paramref name="token"/> (as <c>HttpClient</c>
    /// does for its Timeout), with its identity and the due time it was armed with.
    /// </summary>
    public static bool TryTimerOf(CancellationToken token, out object? runtimeTimer, out long identity, out uint due)
    {
        (runtimeTimer, identity, due) = (null, 0, 0);
        if (!Available || !token.CanBeCanceled || SourceOf!(token) is not { } source || TimerOfSource!(source) is not { } timer
            || timer.GetType() != TimerType || Canceled!(timer) || DueTime!(timer) is Infinite or 0)
        {
            return false;
        }

        (runtimeTimer, identity, due) = (timer, RuntimeHelpers.GetHashCode(timer), DueTime!(timer));
        return true;
    }

    /// <summary>Re-arms a taken periodic timer for its next period, in real time (the census sees it armed again).</summary>
    public static void Rearm(TakenTimer taken)
    {
        if (taken.Period is { } period && !Canceled!(taken.Timer))
        {
            Change!(taken.Timer, period, period);
        }
    }

    // Under the queue's lock: the timer is linked in its lists exactly while it is armed.
    private static object? FindIn(object queue, long identity, uint due)
    {
        foreach (var head in new[] { ShortTimers!(queue), LongTimers!(queue) })
        {
            for (var timer = head; timer is not null; timer = Next!(timer))
            {
                if (RuntimeHelpers.GetHashCode(timer) == identity && DueTime!(timer) == due && !Canceled!(timer))
                {
                    return timer;
                }
            }
        }

        return null;
    }

    private static Func<object, T> Getter<T>(Type type, string name, bool property = false)
    {
        var target = Expression.Parameter(typeof(object));
        var typed = Expression.Convert(target, type);
        MemberExpression member = property
            ? Expression.Property(typed, type.GetProperty(name, Instance) ?? throw new MissingMemberException(type.FullName, name))
            : Expression.Field(typed, type.GetField(name, Instance) ?? throw new MissingMemberException(type.FullName, name));
        return Expression.Lambda<Func<object, T>>(Expression.Convert(member, typeof(T)), target).Compile();
    }
}

/// <summary>A runtime timer taken over by <see cref="RuntimeTimers.TryTake"/>: what its firing would have run.</summary>
internal sealed record TakenTimer(object Timer, TimerCallback Callback, object? State, ExecutionContext? Context, uint? Period)
{
    /// <summary>Runs the callback the way the runtime would: under the timer's captured context, if it has one.</summary>
    public void Fire()
    {
        if (Context is null)
        {
            Callback(State);
        }
        else
        {
            ExecutionContext.Run(Context, static s => ((TakenTimer)s!).Callback(((TakenTimer)s!).State), this);
        }
    }
}
