namespace NeemPlatform.Participant.Workshops;

public sealed record InviteToWorkshop(IReadOnlyList<Guid> ParticipantIds);

public static class InviteToWorkshopEndpoint
{
    [WolverinePost("/api/workshops/{workshopId}/invitations", Name = "InviteToWorkshop")]
    [EndpointSummary("Invite participants of your region; inviting someone again changes nothing")]
    [ProducesResponseType<Workshop>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Invite(Guid workshopId, InviteToWorkshop command, ClaimsPrincipal user, IDocumentSession session,
        Wolverine.IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Require(command.ParticipantIds.Count is >= 1 and <= 200, "participantIds", "Between 1 and 200 participant ids.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        await session.LockAsync($"workshop:{workshopId}", ct);
        if (await WorkshopAccess.OwnAsync(session, workshopId, user, ct) is not { } workshop)
        {
            return Problems.NotFound("workshop", workshopId);
        }

        var now = time.GetUtcNow();
        var streams = new List<JasperFx.Events.IEventStream<Participants.Participant>>();
        foreach (var id in command.ParticipantIds.Distinct().Where(id => workshop.Guests.All(g => g.ParticipantId != id)))
        {
            // All or nothing: one unknown (or other region's) participant and no one is invited.
            if (await session.ForWritingAsync(id, user, ct) is not { Aggregate: { } participant } stream)
            {
                return Problems.NotFound("participant", id);
            }

            if (participant.Erased || participant.Status is not (ParticipantStatus.Received or ParticipantStatus.Invited or ParticipantStatus.Interviewed))
            {
                return Problems.Refused("Invitation refused", $"Participant {id} is past selection ({participant.Status}).");
            }

            streams.Add(stream);
        }

        foreach (var stream in streams)
        {
            stream.AppendOne(new InvitedToWorkshop(stream.Id, workshop.Id, workshop.ScheduledOn, now));
            workshop.Guests.Add(new WorkshopGuest(stream.Id, null));
            await Messaging.Messages.QueueOnceAsync(session, bus, stream.Id, $"workshop:{workshop.Id}:{stream.Id}", "workshop-invitation",
                (language, firstName) => Messaging.MessageTexts.WorkshopInvitation(language, firstName, workshop.ScheduledOn, workshop.Place), now, ct);
        }

        session.Store(workshop);
        return TypedResults.Ok(workshop);
    }
}
