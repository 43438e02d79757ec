namespace NeemPlatform.Coaching.Enrolments.AwaitingApproval;

/// <summary>A module ready for approval: every mandatory item of her next module is ticked.</summary>
public sealed record ModuleAwaitingApproval(Guid ParticipantId, string ModuleCode, int ModuleOrder, string? AdvisorId);

public static class ModulesAwaitingApprovalEndpoint
{
    /// <summary>Her next module (the first not approved, in the curriculum's order) if all its mandatory items are ticked (pure).</summary>
    public static ModuleAwaitingApproval? Of(Enrolment e, CurriculumVersion curriculum)
    {
        if (!e.IsActive)
        {
            return null;
        }

        var next = curriculum.Modules.OrderBy(m => m.Order).FirstOrDefault(m => !e.IsApproved(m.Code));
        return next is not null && next.Items.Where(i => i.Mandatory).All(i => e.IsTicked(next.Code, i.Code))
            ? new ModuleAwaitingApproval(e.Id, next.Code, next.Order, e.AdvisorId)
            : null;
    }

    [WolverineGet("/api/modules-awaiting-approval", Name = "GetModulesAwaitingApproval")]
    [EndpointSummary("Modules whose checklist is complete and that wait for an advisor's approval (advisorId: only hers)")]
    [ProducesResponseType<IReadOnlyList<ModuleAwaitingApproval>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(RegionOptions instance, IQuerySession session, TimeProvider time, CancellationToken ct, string? advisorId = null)
    {
        var validation = new Validation().Require(advisorId is null || Validation.IsStaffId(advisorId), "advisorId", "A staff id.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var query = session.Query<Enrolment>().Where(e => e.Region == region && e.Status == EnrolmentStatus.Enrolled);
        if (advisorId is not null)
        {
            query = query.Where(e => e.AdvisorId == advisorId);
        }

        var curricula = new Dictionary<int, CurriculumVersion>();
        var waiting = new List<ModuleAwaitingApproval>();
        foreach (var enrolment in await query.ToListAsync(ct))
        {
            if (!curricula.TryGetValue(enrolment.CurriculumVersion, out var curriculum))
            {
                curricula[enrolment.CurriculumVersion] = curriculum = await EnrolmentReadEndpoints.CurriculumOf(session, enrolment, time, ct);
            }

            if (Of(enrolment, curriculum) is { } ready)
            {
                waiting.Add(ready);
            }
        }

        return TypedResults.Ok(waiting);
    }
}
