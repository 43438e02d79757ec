using Wolverine.Marten;

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

    public static IResult Validate(AssignResponsibleAdvisor command) => Check(command).Answer();

    [WolverinePut("/api/participants/{participantId}/advisor", Name = "AssignResponsibleAdvisor")]
    [EndpointSummary("Name the advisor responsible for her")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    public static (IResult, Events) Put(AssignResponsibleAdvisor command,
        [WriteAggregate(Required = false, LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive)] Participant participant, ClaimsPrincipal user,
        TimeProvider time) =>
        Decisions.RecordOrAlreadyDone<IParticipantEvent>(Decide(participant, command, user.StaffId(), time.GetUtcNow()))
            .Outcome(participant, ParticipantAccess.After);
}
