global using ParticipantDecision = NeemPlatform.Hosting.Decision<NeemPlatform.Participant.Participants.IParticipantEvent>;

namespace NeemPlatform.Participant.Participants;

/// <summary>
/// Region isolation: a staff member reaches only her own region's participants. Another region's
/// participant is answered exactly like one that does not exist (404), so ids cannot be probed.
/// </summary>
public static class ParticipantAccess
{
    public static bool Sees(this ClaimsPrincipal user, Participant participant) =>
        participant.Region == user.StaffRegion();

    public static async Task<IEventStream<Participant>?> ForWritingAsync(this IDocumentSession session, Guid participantId,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var stream = await session.FetchForExclusiveWritingAsync<Participant>(participantId, ct);
        return stream.Aggregate is { } participant && user.Sees(participant) ? stream : null;
    }

    /// <summary>Her state after the events: the fold every reader of her stream shares.</summary>
    public static Participant After(Participant participant, IReadOnlyList<IParticipantEvent> events) => Participant.Fold(participant, events);

    public static async Task<Participant?> ForReadingAsync(this IQuerySession session, Guid participantId, ClaimsPrincipal user,
        CancellationToken ct) =>
        await session.LoadAsync<Participant>(participantId, ct) is { } participant && user.Sees(participant) ? participant : null;
}

/// <summary>The contracts the Participant service publishes, built from her state (never from personal data).</summary>
public static class ParticipantMessages
{
    public static ParticipantReferred Referred(this Participant p, ReferralReceived e, bool first) =>
        new(e.EventId, p.Id, p.Region, e.ReferralId, e.PartnerId, e.Source, first, e.ReceivedOn, p.Gender, p.ForeignBackground,
            p.AgeBand, p.TargetGroup, p.Source, e.At);

    public static ParticipantSelected Selected(this Participant p, SelectedForProgramme e) =>
        new(e.EventId, p.Id, p.Region, e.SelectedOn, e.At, p.Gender, p.ForeignBackground, p.AgeBand, p.TargetGroup, p.Source);

    public static ParticipantNotSelected NotSelected(this Participant p, NotSelected e) =>
        new(e.EventId, p.Id, p.Region, e.Reason, e.DecidedOn, p.Gender, p.ForeignBackground, p.AgeBand, p.TargetGroup, p.Source, e.At);

    public static ParticipantAssignedToNetworkGroup Assigned(this Participant p, JoinedNetworkGroup e) =>
        new(e.EventId, p.Id, p.Region, e.NetworkGroupId, e.JoinedOn, p.Gender, p.ForeignBackground, p.AgeBand, p.TargetGroup,
            p.Source, e.At, p.EducationLevel ?? "unknown");

    public static ParticipantOutcomeRecorded OutcomeRecorded(this Participant p, OutcomeRecorded e) =>
        new(e.EventId, p.Id, p.Region, e.Outcome, e.OutcomeOn, e.CompanyForm, e.CompanyStartedOn, e.SocialEnterprise, p.Gender,
            p.ForeignBackground, p.AgeBand, p.TargetGroup, p.Source, e.At, e.EnterpriseId);

    /// <summary>Her MIS attributes after a profile change, or null when none of them changed.</summary>
    public static ParticipantProfileChanged? ProfileChanged(this Participant before, Participant after, Guid eventId, DateOnly changedOn,
        DateTimeOffset at) =>
        before.Gender == after.Gender && before.ForeignBackground == after.ForeignBackground
                                      && (before.EducationLevel ?? "unknown") == (after.EducationLevel ?? "unknown")
            ? null
            : new(eventId, after.Id, after.Region, changedOn, after.Gender, after.ForeignBackground, after.AgeBand, after.TargetGroup,
                after.Source, after.EducationLevel ?? "unknown", at);

    public static ParticipantLeftProgramme Left(this Participant p, ExitedProgramme e) =>
        new(e.EventId, p.Id, p.Region, e.NextStep, e.ExitedOn, e.At, e.Reason, p.Gender, p.ForeignBackground, p.AgeBand,
            p.TargetGroup, p.Source, p.EducationLevel ?? "unknown");

    public static ParticipantFollowedUp FollowedUp(this Participant p, FollowedUp e) =>
        new(e.EventId, p.Id, p.Region, e.Point, e.Status, e.FollowedUpOn, e.At, e.Answers, e.AnsweredBy);

    public static ParticipantErased Erased(this Participant p, PersonalDataErased e) =>
        new(e.EventId, p.Id, p.Region, e.ErasedOn, e.At);
}
