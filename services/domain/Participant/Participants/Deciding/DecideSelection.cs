namespace NeemPlatform.Participant.Participants.Deciding;

/// <summary>
/// The selection decision. <c>selected</c> puts her in a network group (the one named, or the oldest with
/// room) or, when the region is full, first in line after those already waiting; <c>waiting-list</c> puts
/// her in line; <c>not-selected</c> needs a reason code. The comment stays in her personal data.
/// </summary>
public sealed record DecideSelection(string Decision, DateOnly DecidedOn, string? Reason = null, string? Comment = null,
    Guid? NetworkGroupId = null);

public static class DecideSelectionEndpoint
{
    public static Validation Check(DecideSelection command) => new Validation()
        .OneOf(command.Decision, Vocabulary.Decisions, "decision")
        .Date(command.DecidedOn, "decidedOn")
        .Require(command.Decision != "not-selected" || (command.Reason is not null && Vocabulary.NotSelectedReasons.Contains(command.Reason)),
            "reason", $"Required when not selected: one of {string.Join(", ", Vocabulary.NotSelectedReasons)}.")
        .Require(command.Decision == "not-selected" || command.Reason is null, "reason", "Only for not-selected.")
        .Text(command.Comment, "comment", PersonalFields.MaxNoteLength, multiline: true);

    public abstract record Outcome
    {
        public sealed record Select : Outcome;
        public sealed record Wait : Outcome;
        public sealed record Reject(NotSelected Event) : Outcome;
        public sealed record Unchanged : Outcome;
        public sealed record Refused(string Reason) : Outcome;
    }

    /// <summary>Eligibility, as the programme defines it: a permanent residence permit, and one of the programme's target groups.</summary>
    public static string? Ineligibility(Participant participant) =>
        !participant.PermanentResidencePermit ? "A permanent residence permit is required for the programme."
        : participant.TargetGroup == Vocabulary.OtherTargetGroup
            ? "She is outside the programme's target groups (job-guarantee phase 1 or 2, newly arrived)."
            : null;

    public static Outcome Decide(Participant participant, DecideSelection command, string decidedBy, Guid eventId, DateTimeOffset now)
    {
        if (participant.Erased || participant.Status is ParticipantStatus.Exited or ParticipantStatus.InProgramme)
        {
            return participant.Status == ParticipantStatus.InProgramme && command.Decision == "selected"
                ? new Outcome.Unchanged()
                : new Outcome.Refused($"The decision is behind her: she is {participant.Status}.");
        }

        if (command.DecidedOn < participant.RegisteredOn)
        {
            return new Outcome.Refused("The decision date lies before her registration.");
        }

        var current = participant.Status switch
        {
            ParticipantStatus.NotSelected => "not-selected",
            ParticipantStatus.WaitingList => participant.Selected ? "selected" : "waiting-list",
            _ => null
        };
        if (current == command.Decision && (command.Decision != "not-selected" || participant.NotSelectedReason == command.Reason))
        {
            return new Outcome.Unchanged();
        }

        if (command.Decision == "not-selected")
        {
            return new Outcome.Reject(new NotSelected(participant.Id, eventId, command.Reason!, command.DecidedOn, decidedBy, now));
        }

        if (participant.Interview is null)
        {
            return new Outcome.Refused("Interview her first: drive and will decide the selection.");
        }

        if (Ineligibility(participant) is { } reason)
        {
            return new Outcome.Refused(reason);
        }

        return command.Decision == "selected" ? new Outcome.Select() : new Outcome.Wait();
    }

    [WolverinePost("/api/participants/{participantId}/decision", Name = "DecideSelection")]
    [EndpointSummary("Decide: selected (joins a network group or waits for a place), not selected (with a reason), or waiting list")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, DecideSelection command, ClaimsPrincipal user, RegionOptions instance,
        IDocumentSession session, IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        // Selection competes for network-group places: one decision at a time per region.
        await session.LockAsync(Placement.LockKey(region), ct);
        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream)
        {
            return Problems.NotFound("participant", participantId);
        }

        var now = time.GetUtcNow();
        var staff = user.StaffId();
        var outcome = Decide(participant, command, staff, Guid.CreateVersion7(now), now);
        if (outcome is Outcome.Refused(var refusal))
        {
            return Problems.Refused("Decision refused", refusal);
        }

        if (outcome is Outcome.Unchanged)
        {
            return TypedResults.Ok(participant);
        }

        if (!string.IsNullOrWhiteSpace(command.Comment) && await session.LoadAsync<PersonalDataRecord>(participantId, ct) is { } record)
        {
            record.Notes.Add(new PersonalNote("decision", command.Comment.Trim(), staff, now));
            session.Store(record);
        }

        switch (outcome)
        {
            case Outcome.Reject(var rejected):
                stream.AppendOne(rejected);
                participant = Participant.Apply(rejected, participant);
                await bus.PublishAsync(participant.NotSelected(rejected));
                return TypedResults.Ok(participant);

            case Outcome.Select:
                var selected = new SelectedForProgramme(participant.Id, Guid.CreateVersion7(now), command.DecidedOn, staff, now);
                stream.AppendOne(selected);
                participant = Participant.Apply(selected, participant);
                await bus.PublishAsync(participant.Selected(selected));
                var groups = await Placement.GroupsAsync(session, region, ct);
                var waitingAlready = (await Placement.WaitingListAsync(session, region, ct)).Count;
                if (waitingAlready == 0 && Placement.Choose(groups, command.NetworkGroupId) is { } group)
                {
                    // Already selected above: JoinAsync only adds the group.
                    return TypedResults.Ok(await Placement.JoinAsync(session, bus, participant, group, command.DecidedOn, staff, now, stream));
                }

                return TypedResults.Ok(Wait(stream, participant, command.DecidedOn, selected: true, now));

            default:
                return TypedResults.Ok(Wait(stream, participant, command.DecidedOn, selected: false, now));
        }
    }

    private static Participant Wait(JasperFx.Events.IEventStream<Participant> stream, Participant participant, DateOnly on, bool selected,
        DateTimeOffset now)
    {
        if (participant.Status == ParticipantStatus.WaitingList)
        {
            return participant;
        }

        var placed = new PlacedOnWaitingList(participant.Id, on, selected, now);
        stream.AppendOne(placed);
        return Participant.Apply(placed, participant);
    }
}
