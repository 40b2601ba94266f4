namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>Records when each run's body and tear-down start and end, and how many runs were active at once.</summary>
internal sealed class RunLog
{
    private readonly Lock gate = new();
    private readonly List<string> events = [];
    private int active;
    private int runs;

    public int MostActive { get; private set; }

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    /// <summary>A run starts (its set-up); returns its number.</summary>
    public int Start()
    {
        lock (gate)
        {
            var run = ++runs;
            active++;
            MostActive = Math.Max(MostActive, active);
            events.Add($"start {run}");
            return run;
        }
    }

    public void Note(int run, string what)
    {
        lock (gate)
        {
            events.Add($"{what} {run}");
        }
    }

    /// <summary>A run's tear-down finished.</summary>
    public void End(int run)
    {
        lock (gate)
        {
            active--;
            events.Add($"end {run}");
        }
    }

    /// <summary>Every run started after the one before ended: start 1, …, end 1, start 2, …, end 2, …</summary>
    public bool Sequential()
    {
        var open = 0;
        foreach (var e in Events)
        {
            if (e.StartsWith("start ", StringComparison.Ordinal))
            {
                if (open != 0)
                {
                    return false;
                }

                open = int.Parse(e[6..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (e.StartsWith("end ", StringComparison.Ordinal))
            {
                if (open != int.Parse(e[4..], System.Globalization.CultureInfo.InvariantCulture))
                {
                    return false;
                }

                open = 0;
            }
        }

        return open == 0;
    }
}
