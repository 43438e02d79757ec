namespace NeemPlatform.Coaching.Enrolments.Completing;

/// <summary>The coaching ends early: a reason code, and an optional comment kept in her erasable notes.</summary>
public sealed record DropOut(string Reason, DateOnly DroppedOutOn, string? Comment = null);

public static class DropOutEndpoint
{
    public static readonly IReadOnlyList<string> Reasons = ["employment", "studies", "illness", "family", "moved", "lost-contact", "other"];

    public static DroppedOut? Decide(Enrolment enrolment, DropOut command, Guid eventId, DateTimeOffset now, out string? refusal)
    {
        refusal = enrolment.Status switch
        {
            EnrolmentStatus.DroppedOut when enrolment.DropoutReason == command.Reason && enrolment.DroppedOutOn == command.DroppedOutOn => null,
            EnrolmentStatus.DroppedOut => "She has already left the coaching.",
            EnrolmentStatus.Completed => "Her coaching is complete.",
            _ when command.DroppedOutOn < enrolment.EnrolledOn => "The date lies before her enrolment.",
            _ => null
        };
        return refusal is null && enrolment.IsActive ? new DroppedOut(enrolment.Id, eventId, command.Reason, command.DroppedOutOn, now) : null;
    }

    [WolverinePost("/api/enrolments/{participantId}/dropout", Name = "DropOut")]
    [EndpointSummary("End the coaching early, with a reason")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, DropOut command, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().OneOf(command.Reason, Reasons, "reason").Date(command.DroppedOutOn, "droppedOutOn")
            .Text(command.Comment, "comment", 2000, multiline: true);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } enrolment } stream)
        {
            return EnrolmentAccess.NotFound(participantId);
        }

        var now = time.GetUtcNow();
        var dropped = Decide(enrolment, command, Guid.CreateVersion7(now), now, out var refusal);
        if (refusal is not null)
        {
            return Problems.Refused("Dropout refused", refusal);
        }

        if (dropped is null)
        {
            return TypedResults.Ok(new EnrolmentView(enrolment, stream.Version()));
        }

        stream.AppendOne(dropped);
        if (!string.IsNullOrWhiteSpace(command.Comment))
        {
            var notes = await session.LoadAsync<CoachingNotes>(participantId, ct) ?? new CoachingNotes { Id = participantId };
            notes.Notes.Add(new CoachingNote("dropout", command.Comment.Trim(), user.StaffId(), now));
            session.Store(notes);
        }

        await bus.PublishAsync(new CoachingDroppedOut(dropped.EventId, participantId, enrolment.Region, dropped.Reason, dropped.DroppedOutOn,
            (enrolment.Approvals ?? []).Count, now));
        return TypedResults.Ok(new EnrolmentView(Enrolment.Apply(dropped, enrolment), stream.Version()));
    }
}
