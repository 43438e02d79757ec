using Marten;
using Marten.Events.Projections;
using JasperFx.Events.Projections;

namespace NeemPlatform.Participant.Participants;

// Internal events of the Participant service. They hold no direct identifier: names, identity numbers
// and contact details live in a separate, erasable document (see the Participant issue).

public sealed record ParticipantRegistered(
    Guid ParticipantId, string Source, string TargetGroup, string? Gender, bool? ForeignBackground,
    DateOnly RegisteredOn, DateTimeOffset At);

public sealed record SelectedForProgramme(Guid ParticipantId, Guid EventId, DateOnly SelectedOn, DateTimeOffset At);

public sealed record LeftProgramme(Guid ParticipantId, Guid EventId, string Outcome, DateOnly LeftOn, DateTimeOffset At);

public sealed record FollowUpScheduled(Guid ParticipantId, Guid SourceEventId, DateOnly DueOn, DateTimeOffset At);

public static class ParticipantStatus
{
    public const string Registered = "registered";
    public const string Selected = "selected";
    public const string Left = "left";
}

/// <summary>A participant's journey as the advisors see it; rebuilt from her events.</summary>
public sealed record Participant(
    Guid Id,
    string Source,
    string TargetGroup,
    string? Gender,
    bool? ForeignBackground,
    DateOnly RegisteredOn,
    string Status,
    DateOnly? SelectedOn,
    string? Outcome,
    DateOnly? LeftOn,
    DateOnly? FollowUpDueOn)
{
    public static Participant Create(ParticipantRegistered e) =>
        new(e.ParticipantId, e.Source, e.TargetGroup, e.Gender, e.ForeignBackground, e.RegisteredOn,
            ParticipantStatus.Registered, null, null, null, null);

    public static Participant Apply(SelectedForProgramme e, Participant p) =>
        p with { Status = ParticipantStatus.Selected, SelectedOn = e.SelectedOn };

    public static Participant Apply(LeftProgramme e, Participant p) =>
        p with { Status = ParticipantStatus.Left, Outcome = e.Outcome, LeftOn = e.LeftOn };

    public static Participant Apply(FollowUpScheduled e, Participant p) => p with { FollowUpDueOn = e.DueOn };
}

public static class ParticipantsModule
{
    /// <summary>Everything the Participants area needs from Marten.</summary>
    public static StoreOptions ConfigureParticipants(this StoreOptions options)
    {
        options.Projections.Snapshot<Participant>(SnapshotLifecycle.Inline);
        return options;
    }
}
