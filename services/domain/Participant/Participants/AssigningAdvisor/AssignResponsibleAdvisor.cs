namespace NeemPlatform.Participant.Participants.AssigningAdvisor;

/// <summary>A region manager names the advisor responsible for her (her staff id). The same advisor again is a no-op.</summary>
public sealed record AssignResponsibleAdvisor(string AdvisorId);

public static class AssignResponsibleAdvisorEndpoint
{
    public static Validation Check(AssignResponsibleAdvisor command) =>
        new Validation().StaffId(command.AdvisorId, "advisorId");

    public static ResponsibleAdvisorAssigned? Decide(Participant p, AssignResponsibleAdvisor c, string assignedBy, DateTimeOffset now) =>
        // Naming the advisor who interviewed her confirms her: that is what gives the advisor rights over her personal data.
        p.AdvisorAssigned && p.AdvisorId == c.AdvisorId ? null : new ResponsibleAdvisorAssigned(p.Id, c.AdvisorId, assignedBy, now);

    [WolverinePut("/api/participants/{participantId}/advisor", Name = "AssignResponsibleAdvisor")]
    [EndpointSummary("Name the advisor responsible for her")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    public static async Task<IResult> Put(Guid participantId, AssignResponsibleAdvisor command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream)
        {
            return Problems.NotFound("participant", participantId);
        }

        if (Decide(participant, command, user.StaffId(), time.GetUtcNow()) is not { } assigned)
        {
            return TypedResults.Ok(participant);
        }

        stream.AppendOne(assigned);
        return TypedResults.Ok(Participant.Apply(assigned, participant));
    }
}
