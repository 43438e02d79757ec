namespace NeemPlatform.Participant.Participants.Exiting;

/// <summary>
/// She leaves the programme, with a reason; her next step is her latest recorded outcome. Her place in the
/// network group goes to the first person waiting. The same exit again is a no-op.
/// </summary>
public sealed record ExitProgramme(DateOnly ExitedOn, string Reason);

public static class ExitProgrammeEndpoint
{
    public static Validation Check(ExitProgramme command) => new Validation()
        .Date(command.ExitedOn, "exitedOn")
        .OneOf(command.Reason, Vocabulary.ExitReasons, "reason");

    public static ExitedProgramme? Decide(Participant p, ExitProgramme c, Guid eventId, DateTimeOffset now, out string? refusal)
    {
        refusal = null;
        if (p.Status == ParticipantStatus.Exited)
        {
            refusal = p.ExitedOn == c.ExitedOn && p.ExitReason == c.Reason ? null : $"She already left on {p.ExitedOn:yyyy-MM-dd}.";
            return null;
        }

        refusal = p.Erased ? "Her personal data was erased; her record is closed."
            : !p.Selected ? "Only a selected participant can leave the programme."
            : c.ExitedOn < p.SelectedOn ? "The exit date lies before her selection."
            : null;
        return refusal is null ? new ExitedProgramme(p.Id, eventId, c.Reason, p.NextStep, c.ExitedOn, now) : null;
    }

    [WolverinePost("/api/participants/{participantId}/exit", Name = "ExitProgramme")]
    [EndpointSummary("She leaves the programme (her place in the network group goes to the first person waiting)")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, ExitProgramme command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session,
        IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        await session.LockAsync(Placement.LockKey(region), ct);
        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream)
        {
            return Problems.NotFound("participant", participantId);
        }

        var now = time.GetUtcNow();
        var exited = Decide(participant, command, Guid.CreateVersion7(now), now, out var refusal);
        if (refusal is not null)
        {
            return Problems.Refused("Exit refused", refusal);
        }

        if (exited is null)
        {
            return TypedResults.Ok(participant);
        }

        stream.AppendOne(exited);
        var groups = await Placement.GroupsAsync(session, region, ct);
        if (groups.FirstOrDefault(g => g.Members.Contains(participantId)) is { } group)
        {
            group.Members.Remove(participantId);
            session.Store(group);
            await Placement.AdmitFromWaitingListAsync(session, bus, region, groups, command.ExitedOn, user.StaffId(), now, ct,
                skip: participantId);
        }

        participant = Participant.Apply(exited, participant);
        await bus.PublishAsync(participant.Left(exited));
        return TypedResults.Ok(participant);
    }
}
