namespace NeemPlatform.Impact.History;

/// <summary>
/// Folds MIS entries into per-participant states. The live projection folds through the same function, so a fold of the
/// history (as of a date, or a replay) gives exactly what the projection gives.
/// </summary>
public static class MisFold
{
    /// <summary>The date a fact happened in the programme (not when the MIS learned of it).</summary>
    public static DateOnly HappenedOn(IMisEntry e) => e.HappenedOn();

    /// <summary>Her state after one more entry: the entry's own fold, over her state so far (or an empty one), counted.</summary>
    public static MisParticipant Apply(MisParticipant? p, IMisEntry e)
    {
        var state = e.Fold(p ?? MisParticipant.Empty(e));
        return state with { Entries = state.Entries + 1 };
    }

    /// <summary>
    /// Every participant's state as of a date: the facts that had happened by <paramref name="asOf"/> and, when
    /// <paramref name="recordedBy"/> is given, that the MIS had recorded by then ("what the history said then").
    /// Entries are applied in the order they were recorded.
    /// </summary>
    public static Dictionary<Guid, MisParticipant> StatesAsOf(IEnumerable<IMisEntry> recordedInOrder, DateOnly asOf, DateTimeOffset? recordedBy = null)
    {
        var states = new Dictionary<Guid, MisParticipant>();
        foreach (var e in recordedInOrder)
        {
            if (HappenedOn(e) > asOf || (recordedBy is { } r && e.RecordedAt > r))
            {
                continue;
            }

            states[e.ParticipantId] = Apply(states.GetValueOrDefault(e.ParticipantId), e);
        }

        return states;
    }
}
