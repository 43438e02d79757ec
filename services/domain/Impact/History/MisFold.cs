namespace NeemPlatform.Impact.History;

/// <summary>
/// Folds MIS entries into per-participant states with the same Create/Apply functions the live projection
/// uses, so a fold of the history (as of a date, or a replay) gives exactly what the projection gives.
/// </summary>
public static class MisFold
{
    /// <summary>The date a fact happened in the programme (not when the MIS learned of it).</summary>
    public static DateOnly HappenedOn(IMisEntry e) => e switch
    {
        ReferralRecorded r => r.ReferredOn,
        SelectionRecorded s => s.SelectedOn,
        NonSelectionRecorded n => n.DecidedOn,
        NetworkGroupJoinRecorded j => j.JoinedOn,
        EnrolmentRecorded en => en.EnrolledOn,
        ModuleApprovalRecorded m => m.ApprovedOn,
        AttendanceEntryRecorded a => a.SessionOn,
        CoachingCompletionRecorded c => c.CompletedOn,
        CoachingDropoutRecorded d => d.DroppedOutOn,
        PlanApprovalRecorded p => p.ApprovedOn,
        CreditFileRecorded c => c.OpenedOn,
        LoanFactRecorded l => l.On,
        NextStepRecorded o => o.OutcomeOn,
        ProfileChangeRecorded c => c.ChangedOn,
        LeavingRecorded l => l.LeftOn,
        FollowUpRecorded f => f.FollowedUpOn,
        ErasureRecorded e2 => e2.ErasedOn,
        _ => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime)
    };

    public static MisParticipant Apply(MisParticipant? p, IMisEntry e) => (p, e) switch
    {
        (null, ReferralRecorded x) => MisParticipant.Create(x),
        (null, SelectionRecorded x) => MisParticipant.Create(x),
        (null, NonSelectionRecorded x) => MisParticipant.Create(x),
        (null, NetworkGroupJoinRecorded x) => MisParticipant.Create(x),
        (null, EnrolmentRecorded x) => MisParticipant.Create(x),
        (null, ModuleApprovalRecorded x) => MisParticipant.Create(x),
        (null, AttendanceEntryRecorded x) => MisParticipant.Create(x),
        (null, CoachingCompletionRecorded x) => MisParticipant.Create(x),
        (null, CoachingDropoutRecorded x) => MisParticipant.Create(x),
        (null, PlanApprovalRecorded x) => MisParticipant.Create(x),
        (null, CreditFileRecorded x) => MisParticipant.Create(x),
        (null, LoanFactRecorded x) => MisParticipant.Create(x),
        (null, NextStepRecorded x) => MisParticipant.Create(x),
        (null, LeavingRecorded x) => MisParticipant.Create(x),
        (null, FollowUpRecorded x) => MisParticipant.Create(x),
        (null, ErasureRecorded x) => MisParticipant.Create(x),
        (null, ProfileChangeRecorded x) => MisParticipant.Create(x),
        (not null, ProfileChangeRecorded x) => MisParticipant.Apply(x, p),
        (not null, ReferralRecorded x) => MisParticipant.Apply(x, p),
        (not null, SelectionRecorded x) => MisParticipant.Apply(x, p),
        (not null, NonSelectionRecorded x) => MisParticipant.Apply(x, p),
        (not null, NetworkGroupJoinRecorded x) => MisParticipant.Apply(x, p),
        (not null, EnrolmentRecorded x) => MisParticipant.Apply(x, p),
        (not null, ModuleApprovalRecorded x) => MisParticipant.Apply(x, p),
        (not null, AttendanceEntryRecorded x) => MisParticipant.Apply(x, p),
        (not null, CoachingCompletionRecorded x) => MisParticipant.Apply(x, p),
        (not null, CoachingDropoutRecorded x) => MisParticipant.Apply(x, p),
        (not null, PlanApprovalRecorded x) => MisParticipant.Apply(x, p),
        (not null, CreditFileRecorded x) => MisParticipant.Apply(x, p),
        (not null, LoanFactRecorded x) => MisParticipant.Apply(x, p),
        (not null, NextStepRecorded x) => MisParticipant.Apply(x, p),
        (not null, LeavingRecorded x) => MisParticipant.Apply(x, p),
        (not null, FollowUpRecorded x) => MisParticipant.Apply(x, p),
        (not null, ErasureRecorded x) => MisParticipant.Apply(x, p),
        _ => throw new ArgumentException($"{e.GetType().Name} is not an MIS entry the fold knows.", nameof(e))
    };

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
