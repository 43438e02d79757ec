using NeemPlatform.Contracts;
using Wolverine;

namespace NeemPlatform.Impact.History.Recording;

/// <summary>
/// Every contract the other services publish becomes one entry in the participant's MIS history: once,
/// whatever the redeliveries (the producer's EventId is marked handled in the same transaction).
/// A participant's leaving also sets her follow-ups (at exit, six and twelve months after), which Participant puts on the
/// advisor's list.
/// </summary>
public static class RecordInHistoryHandler
{
    public static IMisEntry ToEntry(object message, DateTimeOffset recordedAt) => message switch
    {
        ParticipantReferred m => new ReferralRecorded(m.ParticipantId, m.EventId, m.Region, m.ReferralId, m.PartnerId,
            m.ReferralSource, m.ReferredOn, new(m.Gender, m.ForeignBackground, m.AgeBand, m.TargetGroup, m.Source),
            m.OccurredAt, recordedAt),
        ParticipantSelected m => new SelectionRecorded(m.ParticipantId, m.EventId, m.Region, m.SelectedOn, m.OccurredAt, recordedAt,
            new(m.Gender, m.ForeignBackground, m.AgeBand, m.TargetGroup, m.Source)),
        ParticipantNotSelected m => new NonSelectionRecorded(m.ParticipantId, m.EventId, m.Region, m.Reason, m.DecidedOn,
            new(m.Gender, m.ForeignBackground, m.AgeBand, m.TargetGroup, m.Source), m.OccurredAt, recordedAt),
        ParticipantAssignedToNetworkGroup m => new NetworkGroupJoinRecorded(m.ParticipantId, m.EventId, m.Region,
            m.NetworkGroupId, m.AssignedOn, new(m.Gender, m.ForeignBackground, m.AgeBand, m.TargetGroup, m.Source, m.EducationLevel),
            m.OccurredAt, recordedAt),
        ParticipantOutcomeRecorded m => new NextStepRecorded(m.ParticipantId, m.EventId, m.Region, m.Outcome, m.OutcomeOn,
            m.CompanyForm, m.CompanyStartedOn, m.SocialEnterprise,
            new(m.Gender, m.ForeignBackground, m.AgeBand, m.TargetGroup, m.Source), m.OccurredAt, recordedAt, m.EnterpriseId),
        ParticipantProfileChanged m => new ProfileChangeRecorded(m.ParticipantId, m.EventId, m.Region, m.ChangedOn,
            new(m.Gender, m.ForeignBackground, m.AgeBand, m.TargetGroup, m.Source, m.EducationLevel), m.OccurredAt, recordedAt),
        ParticipantFollowedUp m => new FollowUpRecorded(m.ParticipantId, m.EventId, m.Region, m.Point, m.Status,
            m.FollowedUpOn, m.OccurredAt, recordedAt, m.Answers, m.AnsweredBy),
        ParticipantErased m => new ErasureRecorded(m.ParticipantId, m.EventId, m.Region, m.ErasedOn, m.OccurredAt, recordedAt),
        CoachingModuleApproved m => new ModuleApprovalRecorded(m.ParticipantId, m.EventId, m.Region, m.ModuleCode, m.ModuleOrder,
            m.ModulesInCurriculum, m.ApprovedOn, m.OccurredAt, recordedAt),
        CoachingAttendanceRecorded m => new AttendanceEntryRecorded(m.ParticipantId, m.EventId, m.Region, m.SessionId, m.SessionKind,
            m.SessionOn, m.Status, m.Hours, m.OccurredAt, recordedAt),
        CoachingCompleted m => new CoachingCompletionRecorded(m.ParticipantId, m.EventId, m.Region, m.CompletedOn, m.ModulesApproved,
            m.OccurredAt, recordedAt),
        CoachingDroppedOut m => new CoachingDropoutRecorded(m.ParticipantId, m.EventId, m.Region, m.Reason, m.DroppedOutOn,
            m.ModulesApproved, m.OccurredAt, recordedAt),
        LoanApplied m => Loan(m.EventId, m.ParticipantId, m.Region, "applied", m.LoanId, m.AmountSek, m.AppliedOn, m.ProductCode, m.OccurredAt, recordedAt),
        LoanApproved m => Loan(m.EventId, m.ParticipantId, m.Region, "approved", m.LoanId, null, m.ApprovedOn, null, m.OccurredAt, recordedAt),
        LoanRejected m => Loan(m.EventId, m.ParticipantId, m.Region, "rejected", m.LoanId, null, m.RejectedOn, m.Reason, m.OccurredAt, recordedAt),
        LoanDisbursed m => Loan(m.EventId, m.ParticipantId, m.Region, "disbursed", m.LoanId, m.AmountSek, m.DisbursedOn, m.LoanOfficer, m.OccurredAt, recordedAt),
        RepaymentReceived m => Loan(m.EventId, m.ParticipantId, m.Region, "repayment", m.LoanId, m.AmountSek, m.PaidOn, null, m.OccurredAt, recordedAt)
            with
        { OutstandingSek = m.PrincipalOutstandingSek, InstalmentsDue = m.InstalmentsDue, InstalmentsPaidOnTime = m.InstalmentsPaidOnTime },
        ArrearsBucketChanged m => Loan(m.EventId, m.ParticipantId, m.Region, "arrears", m.LoanId, m.PrincipalOutstandingSek, m.AsOf, m.ToBucket, m.OccurredAt, recordedAt),
        LoanRescheduled m => Loan(m.EventId, m.ParticipantId, m.Region, "rescheduled", m.LoanId, null, m.RescheduledOn, null, m.OccurredAt, recordedAt),
        LoanSettled m => Loan(m.EventId, m.ParticipantId, m.Region, "settled", m.LoanId, null, m.SettledOn, null, m.OccurredAt, recordedAt),
        LoanWrittenOff m => Loan(m.EventId, m.ParticipantId, m.Region, "written-off", m.LoanId, m.AmountSek, m.WrittenOffOn, null, m.OccurredAt, recordedAt),
        CoachingEnrolled m => new EnrolmentRecorded(m.ParticipantId, m.EventId, m.Region, m.EnrolledOn, m.OccurredAt, recordedAt),
        BusinessPlanApproved m => new PlanApprovalRecorded(m.ParticipantId, m.EventId, m.Region, m.FinancingNeedSek,
            m.ExpectedMonthlySurplusSek, m.ApprovedOn, m.OccurredAt, recordedAt),
        CreditFileOpened m => new CreditFileRecorded(m.ParticipantId, m.EventId, m.Region, m.FinancingLimitSek, m.OpenedOn,
            m.OccurredAt, recordedAt),
        ParticipantLeftProgramme m => new LeavingRecorded(m.ParticipantId, m.EventId, m.Region, m.Outcome, m.LeftOn,
            m.OccurredAt, recordedAt, m.ExitReason, new(m.Gender, m.ForeignBackground, m.AgeBand, m.TargetGroup, m.Source, m.EducationLevel)),
        _ => throw new ArgumentException($"{message.GetType().Name} is not part of the MIS history.", nameof(message))
    };

    private static LoanFactRecorded Loan(Guid eventId, Guid participantId, string region, string fact, Guid loanId, decimal? amount, DateOnly on,
        string? detail, DateTimeOffset occurredAt, DateTimeOffset recordedAt) =>
        new(participantId, eventId, region, fact, loanId, amount, on, detail, occurredAt, recordedAt);

    /// <summary>The follow-up points the funders' reports need, and how many months after she left each falls due.</summary>
    public static readonly IReadOnlyList<(string Point, int Months)> FollowUpPoints = [("at-exit", 0), ("six-months", 6), ("twelve-months", 12)];

    /// <summary>Her follow-ups: at exit, six and twelve months after she left.</summary>
    public static IReadOnlyList<FollowUpDue> FollowUpsFor(LeavingRecorded left, DateTimeOffset now) =>
        FollowUpPoints.Select(f => new FollowUpDue(Guid.CreateVersion7(now), left.ParticipantId, left.Region, left.LeftOn, left.LeftOn.AddMonths(f.Months),
            now, f.Point)).ToList();

    public static Task Handle(ParticipantProfileChanged message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantSelected message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantReferred message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantNotSelected message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantAssignedToNetworkGroup message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantOutcomeRecorded message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantFollowedUp message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantErased message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(CoachingModuleApproved message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(CoachingAttendanceRecorded message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(CoachingCompleted message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(CoachingDroppedOut message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(LoanApplied message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(LoanApproved message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(LoanRejected message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(LoanDisbursed message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(RepaymentReceived message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ArrearsBucketChanged message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(LoanRescheduled message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(LoanSettled message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(LoanWrittenOff message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(CoachingEnrolled message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(BusinessPlanApproved message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(CreditFileOpened message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    public static Task Handle(ParticipantLeftProgramme message, IDocumentSession session, IMessageContext bus, TimeProvider time,
        RegionOptions region, ILogger logger, CancellationToken ct) =>
        RecordAsync(message, message.EventId, message.Region, session, bus, time, region, logger, ct);

    /// <summary>The advisory lock every append to the MIS history takes first (see <see cref="AppendAsync"/>).</summary>
    public const string AppendLock = "mis-history-append";

    /// <summary>
    /// Appends one entry to her history and marks its source handled, in the session's transaction. Appends take the history's
    /// append lock for the rest of the transaction, so entries are numbered in the order they commit: the MIS feed, read by
    /// position, can never pass an entry that commits later with a lower number.
    /// </summary>
    public static async Task AppendAsync(IDocumentSession session, IMisEntry entry, Guid handledId, object handled, DateTimeOffset now,
        CancellationToken ct)
    {
        await session.LockAsync(AppendLock, ct);
        // FetchForWriting carries the stream's version into the append: two facts about one participant
        // handled at once cannot both update her summary (the loser retries on top of the winner).
        var stream = await session.FetchForExclusiveWritingAsync<MisParticipant>(entry.ParticipantId, ct);
        stream.AppendOne(entry);
        session.MarkHandled(handledId, handled, now);
    }

    private static async Task RecordAsync(object message, Guid eventId, string messageRegion, IDocumentSession session,
        IMessageContext bus, TimeProvider time, RegionOptions region, ILogger logger, CancellationToken ct)
    {
        if (messageRegion != region.Region)
        {
            logger.LogWarning("Ignored {Message} {EventId} for another region", message.GetType().Name, eventId);
            return;
        }

        if (await session.AlreadyHandledAsync(eventId, ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        var entry = ToEntry(message, now);
        await AppendAsync(session, entry, eventId, message, now, ct);

        if (entry is LeavingRecorded left)
        {
            foreach (var due in FollowUpsFor(left, now))
            {
                await bus.PublishAsync(due);
            }
        }
    }
}
