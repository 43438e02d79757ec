namespace NeemPlatform.Impact.History;

/// <summary>
/// The MIS history in the order it was recorded, held in memory and topped up with what was appended since the last read.
/// The history is append-only (an erasure is itself an entry) and every append takes the history's append lock for its whole
/// transaction (<see cref="Recording.RecordInHistoryHandler.AppendLock"/>), so entries become visible in the order of their
/// sequence numbers: reading past the last one seen never misses an entry that commits later. The indicators, the series and
/// the reports thus read the table once per process instead of once per call, and fold only what changed (a million facts
/// deserialised and folded on every call take seconds); each call still sees every entry committed before it.
/// </summary>
public sealed class MisHistoryLog : IDisposable
{
    private const int PageSize = 5_000;

    /// <summary>Results kept per purpose and date, at most this many before they are all computed anew.</summary>
    public const int ResultsKept = 1_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MisTimelines _timelines = new();
    private readonly Dictionary<(string Purpose, DateOnly Day), (int Mark, object Result)> _results = [];
    private IMisEntry[] _entries = new IMisEntry[1024];
    private DateOnly[] _happened = new DateOnly[1024];
    private int _count;
    private long _lastSequence;

    /// <summary>Every entry committed before this call, in the order recorded. The list never changes after it is returned.</summary>
    public async Task<IReadOnlyList<IMisEntry>> EntriesAsync(IQuerySession session, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await TopUpAsync(session, ct);
            // Readers keep the array they were given; later entries go past their count, or into a new array.
            return new ArraySegment<IMisEntry>(_entries, 0, _count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Every participant's state as of each date (<see cref="MisFold.StatesAsOf"/> for each, with every entry committed before
    /// this call). A participant's state on a date is kept until a new entry of hers arrives, so a visit folds only the
    /// participants whose history changed since the last one, and the dates nobody asked for before.
    /// </summary>
    public async Task<IReadOnlyList<Dictionary<Guid, MisParticipant>>> StatesAsync(IQuerySession session, IReadOnlyList<DateOnly> dates,
        CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await TopUpAsync(session, ct);
            return _timelines.StatesOn(dates);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A result computed from every participant's state on each date (an indicator report, say), kept until an entry that had
    /// happened by that date arrives: an entry about a later day changes no state on it. A visit of the dashboard thus computes
    /// the months that changed (usually the current one), not the twelve. <paramref name="compute"/> must depend on the states
    /// and the date alone; <paramref name="purpose"/> names it.
    /// </summary>
    public async Task<IReadOnlyList<T>> PerDayAsync<T>(IQuerySession session, string purpose, IReadOnlyList<DateOnly> days,
        Func<IReadOnlyCollection<MisParticipant>, DateOnly, T> compute, CancellationToken ct) where T : class
    {
        await _gate.WaitAsync(ct);
        try
        {
            await TopUpAsync(session, ct);
            var missing = days.Distinct().Where(day => !_results.TryGetValue((purpose, day), out var kept) || HappenedBySince(kept.Mark, day)).ToList();
            if (missing.Count > 0)
            {
                if (_results.Count + missing.Count > ResultsKept)
                {
                    // Room for this call's days: every one of them is computed again, the ones kept until now too.
                    _results.Clear();
                    missing = days.Distinct().ToList();
                }

                var states = _timelines.StatesOn(missing);
                for (var k = 0; k < missing.Count; k++)
                {
                    _results[(purpose, missing[k])] = (_count, compute(states[k].Values, missing[k]));
                }
            }

            return days.Select(day => (T)_results[(purpose, day)].Result).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether an entry recorded after the first <paramref name="mark"/> had happened by <paramref name="day"/>.</summary>
    private bool HappenedBySince(int mark, DateOnly day)
    {
        for (var i = mark; i < _count; i++)
        {
            if (_happened[i] <= day)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every participant's state as of one date; with <paramref name="recordedBy"/>, only from what the MIS had recorded by then
    /// ("what the history said then", folded for the call).
    /// </summary>
    public async Task<Dictionary<Guid, MisParticipant>> StatesAsync(IQuerySession session, DateOnly asOf, CancellationToken ct,
        DateTimeOffset? recordedBy = null) =>
        recordedBy is null
            ? (await StatesAsync(session, [asOf], ct))[0]
            : MisFold.StatesAsOf(await EntriesAsync(session, ct), asOf, recordedBy);

    public void Dispose() => _gate.Dispose();

    private async Task TopUpAsync(IQuerySession session, CancellationToken ct)
    {
        while (true)
        {
            // Pages of 5 000: no command runs long (a first read of a million facts under load), none holds every raw event at once.
            var page = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > _lastSequence).OrderBy(e => e.Sequence)
                .Take(PageSize).ToListAsync(ct);
            foreach (var e in page)
            {
                if (e.Data is IMisEntry entry)
                {
                    Add(entry);
                }

                _lastSequence = e.Sequence;
            }

            if (page.Count < PageSize)
            {
                return;
            }
        }
    }

    private void Add(IMisEntry entry)
    {
        if (_count == _entries.Length)
        {
            var larger = new IMisEntry[_entries.Length * 2];
            Array.Copy(_entries, larger, _count);
            _entries = larger;
            Array.Resize(ref _happened, larger.Length);
        }

        _happened[_count] = MisFold.HappenedOn(entry);
        _entries[_count++] = entry;
        _timelines.Add(entry);
    }
}

/// <summary>
/// Each participant's entries in the order recorded, and her states on the dates asked for since her last entry: a state on a
/// date is <see cref="MisFold.StatesAsOf"/>'s for her (the entries that had happened by then, applied in the order recorded),
/// folded once and kept until an entry of hers arrives. Not safe for concurrent use (<see cref="MisHistoryLog"/> guards it).
/// </summary>
public sealed class MisTimelines
{
    /// <summary>A participant's states kept per date, at most this many dates (a date picker's choices) before they are folded anew.</summary>
    private const int DatesKept = 64;

    private readonly Dictionary<Guid, Timeline> _timelines = [];

    public void Add(IMisEntry entry)
    {
        if (!_timelines.TryGetValue(entry.ParticipantId, out var timeline))
        {
            _timelines[entry.ParticipantId] = timeline = new Timeline();
        }

        timeline.Add(entry);
    }

    /// <summary>Every participant's state on each of <paramref name="dates"/> (any order): those with no fact by a date are not in its states.</summary>
    public IReadOnlyList<Dictionary<Guid, MisParticipant>> StatesOn(IReadOnlyList<DateOnly> dates)
    {
        var result = dates.Select(_ => new Dictionary<Guid, MisParticipant>(_timelines.Count)).ToList();
        foreach (var (id, timeline) in _timelines)
        {
            for (var k = 0; k < dates.Count; k++)
            {
                if (timeline.StateOn(dates[k]) is { } state)
                {
                    result[k][id] = state;
                }
            }
        }

        return result;
    }

    /// <summary>One participant's entries in the order recorded, and her states on the dates asked for since her last entry.</summary>
    private sealed class Timeline
    {
        private readonly List<IMisEntry> _entries = [];
        private readonly List<DateOnly> _happened = [];
        private readonly Dictionary<DateOnly, MisParticipant?> _states = [];
        private bool _inOrder = true;
        private DateOnly _lastHappened = DateOnly.MinValue;
        private MisParticipant? _whole;
        private bool _wholeFolded;

        public void Add(IMisEntry entry)
        {
            var on = MisFold.HappenedOn(entry);
            _inOrder &= on >= _lastHappened;
            _lastHappened = on > _lastHappened ? on : _lastHappened;
            _entries.Add(entry);
            _happened.Add(on);
            _states.Clear();
            _wholeFolded = false;
        }

        /// <summary>Her state on <paramref name="day"/>: the entries that had happened by then, applied in the order recorded.</summary>
        public MisParticipant? StateOn(DateOnly day)
        {
            if (day >= _lastHappened)
            {
                // Everything of hers had happened: one state for every such date.
                if (!_wholeFolded)
                {
                    _whole = Fold(DateOnly.MaxValue);
                    _wholeFolded = true;
                }

                return _whole;
            }

            if (_states.TryGetValue(day, out var kept))
            {
                return kept;
            }

            if (_states.Count >= DatesKept)
            {
                _states.Clear();
            }

            return _states[day] = Fold(day);
        }

        private MisParticipant? Fold(DateOnly day)
        {
            MisParticipant? state = null;
            for (var j = 0; j < _entries.Count; j++)
            {
                if (_happened[j] <= day)
                {
                    state = MisFold.Apply(state, _entries[j]);
                }
                else if (_inOrder)
                {
                    break; // recorded in the order they happened: the rest happened later still
                }
            }

            return state;
        }
    }
}

/// <summary>Reads the history once at start-up, so the first dashboard of the day does not wait for it.</summary>
public sealed class MisHistoryWarmUp(MisHistoryLog history, IDocumentStore store, ILogger<MisHistoryWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var session = store.QuerySession();
            var entries = await history.EntriesAsync(session, stoppingToken);
            logger.LogInformation("The MIS history holds {Entries} entries", entries.Count);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The database may not answer yet: the first call reads the history instead.
            logger.LogWarning("The MIS history could not be read at start-up: {Error}", e.Message);
        }
    }
}

public static class MisHistoryLogModule
{
    public static IServiceCollection AddMisHistoryLog(this IServiceCollection services) =>
        services.AddSingleton<MisHistoryLog>().AddHostedService<MisHistoryWarmUp>();
}
