using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Contracts;
using NeemPlatform.Hosting;
using Wolverine;
using Wolverine.Http;

namespace NeemPlatform.Coaching.Enrolments.ApprovingBusinessPlan;

/// <summary>
/// The advisor approves the participant's business plan with its financing need and expected monthly
/// surplus (exact SEK). The approval publishes <see cref="BusinessPlanApproved"/> for Lending in the same
/// transaction. Approving the same figures again is a no-op; other figures are refused until the plan is
/// reopened (the Coaching issue).
/// </summary>
public sealed record ApproveBusinessPlan(decimal FinancingNeedSek, decimal ExpectedMonthlySurplusSek, DateOnly ApprovedOn);

public static class ApproveBusinessPlanEndpoint
{
    public static Validation Validate(ApproveBusinessPlan command) => new Validation()
        .Sek(command.FinancingNeedSek, "financingNeedSek", max: 10_000_000m)
        .Sek(command.ExpectedMonthlySurplusSek, "expectedMonthlySurplusSek", allowNegative: true, max: 10_000_000m)
        .Date(command.ApprovedOn, "approvedOn");

    public abstract record Decision
    {
        public sealed record Approve(PlanApproved Event) : Decision;
        public sealed record AlreadyApproved : Decision;
        public sealed record Refused(string Reason) : Decision;
    }

    public static Decision Decide(Enrolment enrolment, ApproveBusinessPlan command, Guid eventId, DateTimeOffset now)
    {
        if (enrolment.Status == EnrolmentStatus.PlanApproved)
        {
            return enrolment.FinancingNeedSek == command.FinancingNeedSek
                   && enrolment.ExpectedMonthlySurplusSek == command.ExpectedMonthlySurplusSek
                   && enrolment.PlanApprovedOn == command.ApprovedOn
                ? new Decision.AlreadyApproved()
                : new Decision.Refused("A business plan with other figures is already approved.");
        }

        if (command.ApprovedOn < enrolment.EnrolledOn)
        {
            return new Decision.Refused("The approval date lies before her enrolment.");
        }

        return new Decision.Approve(new PlanApproved(enrolment.Id, eventId, command.FinancingNeedSek,
            command.ExpectedMonthlySurplusSek, command.ApprovedOn, now));
    }

    [WolverinePost("/api/enrolments/{participantId}/business-plan/approval", Name = "ApproveBusinessPlan")]
    [Microsoft.AspNetCore.Http.Tags("Enrolments")]
    [EndpointSummary("Approve the business plan with its financing need")]
    [ProducesResponseType<Enrolment>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, ApproveBusinessPlan command, IDocumentSession session,
        IMessageBus bus, TimeProvider time, RegionOptions region, CancellationToken ct)
    {
        var validation = Validate(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var stream = await session.Events.FetchForWriting<Enrolment>(participantId, ct);
        if (stream.Aggregate is null)
        {
            return Problems.NotFound("enrolment", participantId);
        }

        var now = time.GetUtcNow();
        switch (Decide(stream.Aggregate, command, Guid.CreateVersion7(now), now))
        {
            case Decision.Approve(var approved):
                stream.AppendOne(approved);
                await bus.PublishAsync(new BusinessPlanApproved(approved.EventId, participantId, region.Region,
                    approved.FinancingNeedSek, approved.ExpectedMonthlySurplusSek, approved.ApprovedOn, now));
                return TypedResults.Ok(Enrolment.Apply(approved, stream.Aggregate));
            case Decision.AlreadyApproved:
                return TypedResults.Ok(stream.Aggregate);
            case Decision.Refused(var reason):
                return Problems.Refused("Approval refused", reason);
            default:
                throw new InvalidOperationException("Unknown decision.");
        }
    }
}
