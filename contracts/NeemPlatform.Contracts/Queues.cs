namespace NeemPlatform.Contracts;

/// <summary>
/// One PostgreSQL queue per consuming service, and which contracts travel to which. This table is the
/// one place routing is declared; every service applies it to what it publishes.
/// </summary>
public static class Queues
{
    public const string Participant = "participant";
    public const string Coaching = "coaching";
    public const string Lending = "lending";
    public const string Impact = "impact";

    public static readonly IReadOnlyDictionary<Type, string[]> Routes = new Dictionary<Type, string[]>
    {
        [typeof(ParticipantReferred)] = [Impact],
        [typeof(ParticipantSelected)] = [Impact],
        [typeof(ParticipantNotSelected)] = [Impact],
        [typeof(ParticipantAssignedToNetworkGroup)] = [Coaching, Impact],
        [typeof(ParticipantOutcomeRecorded)] = [Impact],
        [typeof(ParticipantProfileChanged)] = [Impact],
        [typeof(ParticipantLeftProgramme)] = [Impact],
        [typeof(ParticipantFollowedUp)] = [Impact],
        [typeof(ParticipantErased)] = [Coaching, Lending, Impact],
        [typeof(CoachingEnrolled)] = [Impact],
        [typeof(CoachingModuleApproved)] = [Impact],
        [typeof(CoachingAttendanceRecorded)] = [Impact],
        [typeof(CoachingCompleted)] = [Impact],
        [typeof(CoachingDroppedOut)] = [Impact],
        [typeof(BusinessPlanApproved)] = [Lending, Impact],
        [typeof(CreditFileOpened)] = [Impact],
        [typeof(LoanApplied)] = [Impact],
        [typeof(LoanApproved)] = [Impact],
        [typeof(LoanRejected)] = [Impact],
        [typeof(LoanDisbursed)] = [Impact],
        [typeof(RepaymentReceived)] = [Impact],
        [typeof(ArrearsBucketChanged)] = [Impact],
        [typeof(LoanRescheduled)] = [Impact],
        [typeof(LoanSettled)] = [Impact],
        [typeof(LoanWrittenOff)] = [Impact],
        [typeof(FollowUpDue)] = [Participant],
        [typeof(RepaymentReminderDue)] = [Participant],
    };
}
