namespace NeemPlatform.Coaching.Enrolments.Advising;

public sealed record AssignAdvisor(string AdvisorId);

public static class AssignAdvisorEndpoints
{
    private static Validation Check(AssignAdvisor command) => new Validation()
        .StaffId(command.AdvisorId, "advisorId");

    [WolverinePut("/api/enrolments/{participantId}/advisor", Name = "AssignAdvisor")]
    [EndpointSummary("Assign her advisor")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Assign(Guid participantId, AssignAdvisor command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } enrolment } stream)
        {
            return EnrolmentAccess.NotFound(participantId);
        }

        if (enrolment.AdvisorId == command.AdvisorId)
        {
            return TypedResults.Ok(new EnrolmentView(enrolment, stream.Version()));
        }

        var assigned = new AdvisorAssigned(participantId, command.AdvisorId, user.StaffId(), time.GetUtcNow());
        stream.AppendOne(assigned);
        return TypedResults.Ok(new EnrolmentView(Enrolment.Apply(assigned, enrolment), stream.Version()));
    }

    [WolverinePut("/api/network-groups/{groupId}/advisor", Name = "AssignGroupAdvisor")]
    [Authorize(Policy = NeemPolicies.RegionManagement)]
    [EndpointSummary("The advisor of a network group: she is assigned to everyone enrolled from it from now on")]
    [ProducesResponseType<GroupAdvisor>(StatusCodes.Status200OK)]
    public static IResult AssignToGroup(Guid groupId, AssignAdvisor command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var advisor = new GroupAdvisor(groupId, instance.Region, command.AdvisorId);
        session.Store(advisor);
        return TypedResults.Ok(advisor);
    }
}
