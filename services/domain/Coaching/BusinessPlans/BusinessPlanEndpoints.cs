namespace NeemPlatform.Coaching.BusinessPlans;

/// <summary>
/// Her business plan: the texts (kept in her erasable notes) and the figures (income statement, 12-month
/// liquidity budget, capital needs) in exact SEK. <c>expectedVersion</c> is the enrolment version you read.
/// </summary>
public sealed record DraftBusinessPlan(
    string Idea, string ProductOrService, string Pricing, string MarketAndCompetitors, string Marketing, string CompanyForm,
    IncomeStatement IncomeStatement, LiquidityBudget LiquidityBudget, CapitalNeeds CapitalNeeds, long ExpectedVersion);

public sealed record ApprovePlan(DateOnly ApprovedOn, long ExpectedVersion);

/// <summary>The plan as shown: every computed figure rounded to öre.</summary>
public sealed record BusinessPlanView(
    PlanTexts? Texts, PlanFigures Figures, decimal RevenueSek, decimal CostsSek, decimal ResultSek, decimal ExpectedMonthlySurplusSek,
    IReadOnlyList<MonthBalance> LiquidityByMonth, MonthBalance LowestBalance, decimal InvestmentsSek, decimal FinancingNeedSek,
    DateOnly? ApprovedOn)
{
    public static BusinessPlanView Of(PlanFigures f, PlanTexts? texts, DateOnly? approvedOn) => new(texts, f,
        Money.Ore(f.IncomeStatement.RevenueSek), Money.Ore(f.IncomeStatement.CostsSek), Money.Ore(f.IncomeStatement.ResultSek),
        f.IncomeStatement.MonthlySurplusSek,
        f.LiquidityBudget.Balances().Select(b => b with { ClosingBalanceSek = Money.Ore(b.ClosingBalanceSek), InflowSek = Money.Ore(b.InflowSek), OutflowSek = Money.Ore(b.OutflowSek) }).ToList(),
        f.LiquidityBudget.Lowest, Money.Ore(f.CapitalNeeds.InvestmentsSek), Money.Ore(f.CapitalNeeds.FinancingNeedSek), approvedOn);
}

/// <summary>A later version of her plan with its computed figures.</summary>
public sealed record PlanRevisionView(int Revision, DateOnly RevisedOn, string RevisedBy, BusinessPlanView Plan);

public static class BusinessPlanEndpoints
{
    public const string BudgetModule = "budget";

    private static Validation Texts(DraftBusinessPlan c)
    {
        var v = new Validation();
        foreach (var (value, field) in new[] { (c.Idea, "idea"), (c.ProductOrService, "productOrService"), (c.Pricing, "pricing"),
                     (c.MarketAndCompetitors, "marketAndCompetitors"), (c.Marketing, "marketing") })
        {
            v.Text(value, field, 4000, required: true, multiline: true);
        }

        return v;
    }

    public static PlanApproved? DecideApproval(Enrolment enrolment, CurriculumVersion curriculum, DateOnly on, Guid eventId, DateTimeOffset now,
        out string? refusal)
    {
        refusal = enrolment.Plan is null ? "There is no business plan to approve yet."
            : enrolment.Status == EnrolmentStatus.DroppedOut ? "Her coaching ended early."
            : curriculum.Find(BudgetModule) is not null && !enrolment.IsApproved(BudgetModule)
                ? "Approve the budget module (and so every module before it) first."
            : on < enrolment.EnrolledOn ? "The date lies before her enrolment."
            : null;
        if (refusal is not null || enrolment.PlanApprovedOn is not null)
        {
            if (enrolment.PlanApprovedOn is not null && refusal is null)
            {
                refusal = enrolment.PlanApprovedOn == on ? null : "The plan is already approved.";
            }

            return null;
        }

        var plan = enrolment.Plan!;
        return new PlanApproved(enrolment.Id, eventId, plan.CapitalNeeds.FinancingNeedSek, plan.IncomeStatement.MonthlySurplusSek, on, now);
    }

    /// <summary>A plan's figures, checked, and her enrolment locked for writing; or why not (400 naming the fields, 404).</summary>
    private sealed record PlanWrite(PlanFigures Figures, JasperFx.Events.IEventStream<Enrolment> Stream);

    private static async Task<(PlanWrite? Write, IResult? Refusal)> ReadAsync(Guid participantId, DraftBusinessPlan command, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        var figures = new PlanFigures(command.CompanyForm, command.IncomeStatement, command.LiquidityBudget, command.CapitalNeeds);
        var validation = figures.Validate(Texts(command));
        if (!validation.IsValid)
        {
            return (null, Problems.Invalid(validation.Errors));
        }

        return await session.ForWritingAsync(participantId, user, ct) is { Aggregate: not null } stream
            ? (new PlanWrite(figures, stream), null)
            : (null, EnrolmentAccess.NotFound(participantId));
    }

    [WolverinePut("/api/enrolments/{participantId}/business-plan", Name = "DraftBusinessPlan")]
    [EndpointSummary("Write or revise her business plan and budget (refused once approved)")]
    [ProducesResponseType<BusinessPlanView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Draft(Guid participantId, DraftBusinessPlan command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var (write, refusal) = await ReadAsync(participantId, command, user, session, ct);
        if (write is not ({ } figures, { Aggregate: { } enrolment } stream))
        {
            return refusal!;
        }

        if (EnrolmentAccess.Stale(stream, command.ExpectedVersion) is { } stale)
        {
            return stale;
        }

        if (enrolment.PlanApprovedOn is not null || !enrolment.IsActive && enrolment.Status != EnrolmentStatus.Completed)
        {
            return Problems.Refused("Plan change refused", enrolment.PlanApprovedOn is not null
                ? "The plan is approved: the lender decides on it as it stands."
                : $"Her coaching has ended ({enrolment.Status}).");
        }

        var now = time.GetUtcNow();
        stream.AppendOne(new BusinessPlanDrafted(participantId, figures, user.StaffId(), now));
        var texts = new PlanTexts(command.Idea.Trim(), command.ProductOrService.Trim(), command.Pricing.Trim(), command.MarketAndCompetitors.Trim(),
            command.Marketing.Trim());
        var notes = await session.LoadAsync<CoachingNotes>(participantId, ct) ?? new CoachingNotes { Id = participantId };
        notes.Plan = texts;
        session.Store(notes);
        return TypedResults.Ok(BusinessPlanView.Of(figures, texts, null));
    }

    [WolverineGet("/api/enrolments/{participantId}/business-plan", Name = "GetBusinessPlan")]
    [EndpointSummary("Her plan with the computed figures: result, monthly surplus, month-by-month liquidity, financing need")]
    [ProducesResponseType<BusinessPlanView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid participantId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await session.ForReadingAsync(participantId, user, ct) is not { Plan: { } plan } enrolment)
        {
            return Problems.NotFound("business plan", participantId);
        }

        var notes = await session.LoadAsync<CoachingNotes>(participantId, ct);
        return TypedResults.Ok(BusinessPlanView.Of(plan, notes?.Plan, enrolment.PlanApprovedOn));
    }

    [WolverinePost("/api/enrolments/{participantId}/business-plan/revisions", Name = "ReviseBusinessPlan")]
    [EndpointSummary("A new version of her approved plan, as her business develops after the loan; the approved plan stays as the lender saw it (the same version sent again adds nothing)")]
    [ProducesResponseType<PlanRevisionView>(StatusCodes.Status201Created)]
    [ProducesResponseType<PlanRevisionView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Revise(Guid participantId, DraftBusinessPlan command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var (write, refusal) = await ReadAsync(participantId, command, user, session, ct);
        if (write is not ({ } figures, { Aggregate: { } enrolment } stream))
        {
            return refusal!;
        }

        var notes = await session.LoadAsync<CoachingNotes>(participantId, ct) ?? new CoachingNotes { Id = participantId };
        var texts = new PlanTexts(command.Idea.Trim(), command.ProductOrService.Trim(), command.Pricing.Trim(), command.MarketAndCompetitors.Trim(),
            command.Marketing.Trim());
        if (EnrolmentAccess.Stale(stream, command.ExpectedVersion) is { } stale)
        {
            // A retry of the version just saved is answered with it.
            return enrolment.PlanRevisions is { Count: > 0 } revisions && Equals(Json(revisions[^1].Figures), Json(figures))
                   && notes.PlanRevisions.GetValueOrDefault(revisions[^1].Revision) == texts
                ? TypedResults.Ok(View(revisions[^1], texts))
                : stale;
        }

        if (enrolment.PlanApprovedOn is null || enrolment.Erased)
        {
            return Problems.Refused("Plan version refused", enrolment.Erased ? "Her coaching notes were erased."
                : "Her plan is not approved yet: change the draft instead.");
        }

        var now = time.GetUtcNow();
        var revised = new BusinessPlanRevised(participantId, (enrolment.PlanRevisions?.Count ?? 0) + 2, figures, user.StaffId(), SwedishTime.DateOf(now), now);
        stream.AppendOne(revised);
        notes.PlanRevisions[revised.Revision] = texts;
        session.Store(notes);
        var revision = new PlanRevision(revised.Revision, revised.RevisedOn, revised.RevisedBy, figures);
        return TypedResults.Created($"/api/enrolments/{participantId}/business-plan/revisions", View(revision, texts));
    }

    private static string Json(PlanFigures figures) => System.Text.Json.JsonSerializer.Serialize(figures);

    private static PlanRevisionView View(PlanRevision r, PlanTexts? texts) =>
        new(r.Revision, r.RevisedOn, r.RevisedBy, BusinessPlanView.Of(r.Figures, texts, null));

    [WolverineGet("/api/enrolments/{participantId}/business-plan/revisions", Name = "ListBusinessPlanRevisions")]
    [EndpointSummary("The versions of her plan after the approved one, oldest first, each with its computed figures")]
    [ProducesResponseType<IReadOnlyList<PlanRevisionView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Revisions(Guid participantId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await session.ForReadingAsync(participantId, user, ct) is not { } enrolment)
        {
            return EnrolmentAccess.NotFound(participantId);
        }

        var notes = await session.LoadAsync<CoachingNotes>(participantId, ct);
        return TypedResults.Ok((enrolment.PlanRevisions ?? []).Select(r => View(r, notes?.PlanRevisions.GetValueOrDefault(r.Revision))).ToList());
    }

    [WolverinePost("/api/enrolments/{participantId}/business-plan/approval", Name = "ApproveBusinessPlan")]
    [EndpointSummary("Approve her plan: publishes the financing need and expected monthly surplus to Lending")]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Approve(Guid participantId, ApprovePlan command, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Date(command.ApprovedOn, "approvedOn");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } enrolment } stream)
        {
            return EnrolmentAccess.NotFound(participantId);
        }

        if (EnrolmentAccess.Stale(stream, command.ExpectedVersion) is { } stale)
        {
            return enrolment.PlanApprovedOn == command.ApprovedOn ? TypedResults.Ok(new EnrolmentView(enrolment, stream.Version())) : stale;
        }

        var now = time.GetUtcNow();
        var curriculum = await EnrolmentReadEndpoints.CurriculumOf(session, enrolment, time, ct);
        var approved = DecideApproval(enrolment, curriculum, command.ApprovedOn, Guid.CreateVersion7(now), now, out var refusal);
        if (refusal is not null)
        {
            return Problems.Refused("Approval refused", refusal);
        }

        if (approved is null)
        {
            return TypedResults.Ok(new EnrolmentView(enrolment, stream.Version()));
        }

        stream.AppendOne(approved);
        await bus.PublishAsync(new BusinessPlanApproved(approved.EventId, participantId, enrolment.Region, approved.FinancingNeedSek,
            approved.ExpectedMonthlySurplusSek, approved.ApprovedOn, now));
        return TypedResults.Ok(new EnrolmentView(Enrolment.Apply(approved, enrolment), stream.Version()));
    }
}
