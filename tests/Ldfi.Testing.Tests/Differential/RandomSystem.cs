using System.Globalization;
using System.Text;
using Ldfi.Testing.Tests.Scenarios;

namespace Ldfi.Testing.Tests.Differential;

/// <summary>One call a service makes; the callee runs <see cref="Body"/> (its own calls) before it answers.</summary>
/// <param name="Callee">The called service.</param>
/// <param name="Operation">The operation; with <paramref name="FreshId"/> a new id is appended on every run (the normaliser must hide it).</param>
/// <param name="Timeout">Whether the caller has a timeout: without one, a Delay fault hangs the run until its deadline.</param>
/// <param name="Body">The callee's own steps.</param>
/// <param name="FreshId">Whether the path carries an id that changes from run to run.</param>
public sealed record SimCall(string Callee, string Operation, bool Timeout, Step[] Body, bool FreshId = false);

/// <summary>One step of a service's handler.</summary>
public abstract record Step;

/// <summary>The call must succeed; with <paramref name="StatusIsDefault"/> an error status means "not found" and a default is used.</summary>
public sealed record Must(SimCall Call, bool StatusIsDefault = false) : Step;

/// <summary>The call's failure is ignored (optional enrichment).</summary>
public sealed record Optional(SimCall Call) : Step;

/// <summary>Each alternative in turn until one succeeds; if none does, a default (or a failure).</summary>
public sealed record Fallback(SimCall[] Alternatives, bool DefaultWhenAllFail) : Step;

/// <summary>The same call up to <paramref name="Attempts"/> times (ordinal + 1 each time); the last attempt must succeed.</summary>
public sealed record Retry(SimCall Call, int Attempts) : Step;

/// <summary>All replicas concurrently (Task.WhenAll); at least <paramref name="Need"/> must succeed.</summary>
public sealed record Quorum(SimCall[] Replicas, int Need) : Step;

/// <summary>On the call's failure, the compensation is called (a call that only appears under faults), then the failure is swallowed or rethrown.</summary>
public sealed record Compensate(SimCall Call, SimCall OnFailure, bool Swallow) : Step;

/// <summary>A non-idempotent charge with a timeout and one retry: the card must be charged exactly once when paid, never when not (the double-charge bug).</summary>
public sealed record Charge(SimCall Call) : Step;

/// <summary>
/// A small random system for the differential test: a tree of calls through <see cref="Sim"/> with fallbacks,
/// retries, quorums, optional calls, timeouts or none, nested calls and calls that only appear under faults.
/// </summary>
/// <param name="Index">The index in the corpus.</param>
/// <param name="Seed">The seed it was generated from: <c>RandomSystem.Generate(Index)</c> gives it again.</param>
/// <param name="Steps">What the test (service "T") does.</param>
/// <param name="Faults">The fault kinds explored.</param>
public sealed record RandomSystem(int Index, int Seed, Step[] Steps, FaultKind Faults)
{
    /// <summary>The corpus seed: the same seed gives the same systems.</summary>
    public const int CorpusSeed = 20_251_125;

    public static RandomSystem Generate(int index)
    {
        var seed = unchecked((CorpusSeed * 31) + (index * 7_919));
        return new Generator(new Random(seed)).System(index, seed);
    }

    public static IEnumerable<RandomSystem> Corpus(int count) => Enumerable.Range(0, count).Select(Generate);

    /// <summary>Options for exploring this system: MaxFaults 2, its fault kinds, one status code (503), a short deadline.</summary>
    public ExplorationOptions Options(ExplorationStrategy strategy, bool findAll) => new()
    {
        MaxFaults = 2,
        Faults = Faults,
        StatusCodes = [503],
        Strategy = strategy,
        FindAllFailures = findAll,
        MaxExperiments = 100_000,
        Delay = TimeSpan.FromHours(1),
        Deadline = HangDeadline,
    };

    /// <summary>How long a hung run (a Delay on a call without timeout) waits; runs never otherwise block, so this is only ever reached by a hang.</summary>
    public static readonly TimeSpan HangDeadline = TimeSpan.FromMilliseconds(100);

    /// <summary>The test body: runs the system once; it fails when an error escapes or a check does not hold.</summary>
    public Task Test(CancellationToken ct) => Execute("T", Steps, ct);

    public override string ToString()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"system #{Index} (seed {Seed}, faults {Faults}):\n");
        Write(text, Steps, 1);
        return text.ToString();
    }

    private static async Task Execute(string caller, Step[] steps, CancellationToken ct)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case Must must:
                    try
                    {
                        await Invoke(caller, must.Call, ct);
                    }
                    catch (InjectedFaultException e) when (must.StatusIsDefault && e.StatusCode is not null)
                    {
                        // 503 means "nothing there": the caller answers from a default, unlike a transport error.
                    }

                    break;
                case Optional optional:
                    await Try(caller, optional.Call, ct);
                    break;
                case Fallback fallback:
                    var served = false;
                    foreach (var alternative in fallback.Alternatives)
                    {
                        if (await Try(caller, alternative, ct))
                        {
                            served = true;
                            break;
                        }
                    }

                    Catalog.Check(served || fallback.DefaultWhenAllFail, $"{caller}: every alternative failed");
                    break;
                case Retry retry:
                    var done = false;
                    for (var attempt = 1; attempt < retry.Attempts && !done; attempt++)
                    {
                        done = await Try(caller, retry.Call, ct);
                    }

                    if (!done)
                    {
                        await Invoke(caller, retry.Call, ct);
                    }

                    break;
                case Quorum quorum:
                    var reads = await Task.WhenAll(quorum.Replicas.Select(r => Try(caller, r, ct)));
                    Catalog.Check(reads.Count(ok => ok) >= quorum.Need, $"{caller}: quorum of {quorum.Need} not reached");
                    break;
                case Compensate compensate:
                    try
                    {
                        await Invoke(caller, compensate.Call, ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        await Try(caller, compensate.OnFailure, ct);
                        if (!compensate.Swallow)
                        {
                            throw;
                        }
                    }

                    break;
                case Charge charge:
                    var charges = 0;
                    Task<int> Pay() => Task.FromResult(++charges);
                    var c = charge.Call;
                    var paid = await Sim.TryCall(caller, c.Callee, c.Operation, Pay, c.Timeout) || await Sim.TryCall(caller, c.Callee, c.Operation, Pay, c.Timeout);
                    Catalog.Check(charges == (paid ? 1 : 0), $"{caller}: charged {charges} times for an order that {(paid ? "was paid" : "failed")}");
                    break;
                default:
                    throw new InvalidOperationException($"Unknown step {step}.");
            }
        }
    }

    private static Task<int> Invoke(string caller, SimCall call, CancellationToken ct) =>
        Sim.Call(caller, call.Callee, Operation(call), Body(call, ct), call.Timeout, ct: ct);

    private static Task<bool> Try(string caller, SimCall call, CancellationToken ct) =>
        Sim.TryCall(caller, call.Callee, Operation(call), Body(call, ct), call.Timeout);

    private static string Operation(SimCall call) => call.FreshId ? $"{call.Operation.TrimEnd('/')}/{Guid.NewGuid()}" : call.Operation;

    private static Func<Task<int>> Body(SimCall call, CancellationToken ct) => async () =>
    {
        await Execute(call.Callee, call.Body, ct);
        return 1;
    };

    private static void Write(StringBuilder text, IEnumerable<Step> steps, int depth)
    {
        foreach (var step in steps)
        {
            var pad = new string(' ', depth * 2);
            var (label, calls) = step switch
            {
                Must m => (m.StatusIsDefault ? "must (503 = default)" : "must", new[] { m.Call }),
                Optional o => ("optional", [o.Call]),
                Fallback f => (f.DefaultWhenAllFail ? "fallback, else default" : "fallback, else fail", f.Alternatives),
                Retry r => ($"retry x{r.Attempts}", [r.Call]),
                Quorum q => ($"quorum {q.Need} of {q.Replicas.Length}", q.Replicas),
                Compensate c => (c.Swallow ? "compensate and swallow" : "compensate and rethrow", [c.Call, c.OnFailure]),
                Charge c => ("charge (not idempotent, one retry)", [c.Call]),
                _ => ("?", Array.Empty<SimCall>()),
            };
            text.Append(CultureInfo.InvariantCulture, $"{pad}{label}:\n");
            foreach (var call in calls)
            {
                text.Append(CultureInfo.InvariantCulture, $"{pad}  {call.Callee} {call.Operation}{(call.FreshId ? "/<fresh id>" : string.Empty)}{(call.Timeout ? string.Empty : " [no timeout]")}\n");
                Write(text, call.Body, depth + 2);
            }
        }
    }

    private sealed class Generator(Random rng)
    {
        private int budget;
        private int names;

        public RandomSystem System(int index, int seed)
        {
            var faults = rng.NextDouble() switch
            {
                < 0.55 => FaultKind.Error | FaultKind.Delay,
                < 0.72 => FaultKind.All,
                _ => FaultKind.Error,
            };
            budget = rng.Next(2, 6);
            var steps = new List<Step>();
            do
            {
                steps.Add(Step(depth: 0));
            }
            while (budget > 0 && steps.Count < 4 && rng.NextDouble() < 0.7);

            return new RandomSystem(index, seed, [.. steps], faults);
        }

        private Step Step(int depth)
        {
            var roll = rng.Next(100);
            return roll switch
            {
                < 14 => new Must(Call(depth), StatusIsDefault: rng.Next(4) == 0),
                < 30 => new Optional(Call(depth)),
                < 56 => new Fallback([.. Enumerable.Range(0, rng.Next(2, 4)).Select(_ => Call(depth))], DefaultWhenAllFail: rng.Next(4) == 0),
                < 68 => new Retry(Call(depth, nested: false), rng.Next(2, 4)),
                < 80 => Quorum(depth),
                < 93 => new Compensate(Call(depth), Call(depth, nested: false), Swallow: rng.Next(2) == 0),
                _ => new Charge(new SimCall(Name(), "POST /charges", Timeout: true, [])),
            };
        }

        private Quorum Quorum(int depth)
        {
            var replicas = rng.Next(2, 4);
            var op = $"GET /items/{rng.Next(1, 1000)}";
            var calls = Enumerable.Range(0, replicas).Select(_ => Call(depth, nested: false, operation: op)).ToArray();
            if (rng.Next(4) == 0)
            {
                // Reads of one service: same signature, so the siblings get ordinals 1, 2, 3.
                calls = [.. calls.Select(c => c with { Callee = calls[0].Callee })];
            }

            return new Quorum(calls, rng.Next(1, replicas + 1));
        }

        private SimCall Call(int depth, bool nested = true, string? operation = null)
        {
            budget--;
            var body = new List<Step>();
            if (nested && depth < 2 && budget > 0 && rng.NextDouble() < 0.35)
            {
                do
                {
                    body.Add(Step(depth + 1));
                }
                while (budget > 0 && body.Count < 2 && rng.NextDouble() < 0.4);
            }

            operation ??= rng.Next(3) switch
            {
                0 => "GET /",
                1 => $"GET /orders/{rng.Next(1, 100_000)}",
                _ => $"POST /things/{Guid()}",
            };
            return new SimCall(Name(), operation, Timeout: rng.NextDouble() >= 0.04, [.. body], FreshId: rng.Next(6) == 0);
        }

        private string Name() => $"S{++names}";

        private Guid Guid()
        {
            var bytes = new byte[16];
            rng.NextBytes(bytes);
            return new Guid(bytes);
        }
    }
}
