using NeemPlatform.Coaching.BusinessPlans;
using NeemPlatform.Coaching.Curriculum;
using NeemPlatform.Coaching.Enrolments;
using NeemPlatform.Coaching.Enrolments.Checklists;
using NeemPlatform.Coaching.Enrolments.Enrolling;
using NeemPlatform.Contracts;
using NeemPlatform.Hosting;

namespace NeemPlatform.Coaching.Tests;

internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid Participant = Guid.Parse("0195b000-0000-7000-8000-000000000001");
    public static readonly Guid EventId = Guid.Parse("0195b000-0000-7000-8000-00000000e001");
    public static readonly DateOnly On = new(2026, 3, 1);
    public static readonly CurriculumVersion Curriculum = DefaultCurriculum.For("stockholm", Now);

    public static ParticipantAssignedToNetworkGroup Selection() =>
        new(Guid.Parse("0195b000-0000-7000-8000-00000000a001"), Participant, "stockholm",
            Guid.Parse("0195b000-0000-7000-8000-00000000c001"), new DateOnly(2026, 2, 1), "female", true, "30-39",
            "newly-arrived", "partner-referral", Now);

    public static Enrolment Enrolled() =>
        Enrolment.Create(EnrolOnNetworkGroupAssignmentHandler.Decide(false, Selection(), EventId, 1, "advisor-1", 6, Now)!);

    public static Enrolment With(Enrolment e, IEnumerable<IEnrolmentEvent> events) => e.Fold(events);

    /// <summary>Every mandatory item of a module ticked.</summary>
    public static Enrolment Ticked(Enrolment e, string module) =>
        With(e, Curriculum.Find(module)!.Items.Where(i => i.Mandatory)
            .Select(i => new ItemTicked(Participant, module, i.Code, On, "advisor-1", Now)));

    public static Enrolment Approved(Enrolment e, string module) =>
        With(Ticked(e, module), Checklist.Events(Checklist.Approve(Curriculum, Ticked(e, module), module, On, "a", Guid.NewGuid(), Guid.NewGuid(), Now)));

    public static Enrolment ApprovedUpTo(string lastModule)
    {
        var e = Enrolled();
        foreach (var m in Curriculum.Modules.OrderBy(m => m.Order))
        {
            e = Approved(e, m.Code);
            if (m.Code == lastModule)
            {
                break;
            }
        }

        return e;
    }
}

public class when_a_participant_joins_a_network_group
{
    [Fact]
    public void she_is_enrolled_on_the_current_curriculum_with_the_group_advisor_for_the_planned_period()
    {
        var started = EnrolOnNetworkGroupAssignmentHandler.Decide(false, Given.Selection(), Given.EventId, 3, "advisor-7", 6, Given.Now)!;

        Assert.Equal(new DateOnly(2026, 2, 1), started.EnrolledOn);
        Assert.Equal(new DateOnly(2026, 8, 1), started.PlannedEndOn);
        Assert.Equal(3, started.CurriculumVersion);
        Assert.Equal("advisor-7", started.AdvisorId);
        Assert.Equal(Given.Selection().NetworkGroupId, started.NetworkGroupId);
    }

    [Fact]
    public void a_second_delivery_enrols_nobody()
    {
        Assert.Null(EnrolOnNetworkGroupAssignmentHandler.Decide(true, Given.Selection(), Given.EventId, 1, null, 6, Given.Now));
    }
}

public class when_going_through_the_checklists
{
    [Fact]
    public void a_module_is_approved_only_when_every_mandatory_item_is_ticked()
    {
        var partly = Given.With(Given.Enrolled(), [new ItemTicked(Given.Participant, "business-idea", "idea-described", Given.On, "a", Given.Now)]);

        var refused = Checklist.Approve(Given.Curriculum, partly, "business-idea", Given.On, "a", Guid.NewGuid(), Guid.NewGuid(), Given.Now);
        var ticked = Given.Ticked(Given.Enrolled(), "business-idea"); // the optional item stays unticked
        var approved = Checklist.Approve(Given.Curriculum, ticked, "business-idea", Given.On, "a", Guid.NewGuid(), Guid.NewGuid(), Given.Now);

        Assert.Contains("customer-need", Assert.IsType<Checklist.Refusal>(refused).Reason);
        Assert.IsType<ModuleApproved>(Assert.Single(Checklist.Events(approved)));
    }

    [Fact]
    public void modules_follow_the_curriculum_order()
    {
        var productTicked = Given.Ticked(Given.Enrolled(), "product-service");

        var refused = Checklist.Approve(Given.Curriculum, productTicked, "product-service", Given.On, "a", Guid.NewGuid(), Guid.NewGuid(), Given.Now);
        var afterIdea = Given.Ticked(Given.Approved(Given.Enrolled(), "business-idea"), "product-service");
        var allowed = Checklist.Approve(Given.Curriculum, afterIdea, "product-service", Given.On, "a", Guid.NewGuid(), Guid.NewGuid(), Given.Now);

        Assert.Contains("business-idea", Assert.IsType<Checklist.Refusal>(refused).Reason);
        Assert.IsType<ModuleApproved>(Assert.Single(Checklist.Events(allowed)));
    }

    [Fact]
    public void an_approved_module_is_closed_for_ticks_until_it_is_reopened()
    {
        var approved = Given.Approved(Given.Enrolled(), "business-idea");

        var tick = Checklist.Tick(Given.Curriculum, approved, "business-idea", "own-motivation", Given.On, "a", Given.Now);
        var reopened = Checklist.Reopen(Given.Curriculum, approved, "business-idea", Given.On, "a", Given.Now);
        var afterReopen = Given.With(approved, Checklist.Events(reopened));
        var tickAfter = Checklist.Tick(Given.Curriculum, afterReopen, "business-idea", "own-motivation", Given.On, "a", Given.Now);

        Assert.IsType<Checklist.Refusal>(tick);
        Assert.IsType<ModuleReopened>(reopened);
        Assert.False(afterReopen.IsApproved("business-idea"));
        Assert.IsType<ItemTicked>(tickAfter);
        Assert.IsType<Checklist.Refusal>(Checklist.Reopen(Given.Curriculum, Given.Enrolled(), "business-idea", Given.On, "a", Given.Now));
    }

    [Fact]
    public void ticking_a_ticked_item_or_an_unknown_one_changes_nothing()
    {
        var ticked = Given.Ticked(Given.Enrolled(), "business-idea");

        Assert.Empty(Checklist.Events(Checklist.Tick(Given.Curriculum, ticked, "business-idea", "idea-described", Given.On, "a", Given.Now)));
        Assert.IsType<Checklist.Refusal>(Checklist.Tick(Given.Curriculum, ticked, "business-idea", "nonsense", Given.On, "a", Given.Now));
        Assert.IsType<Checklist.Refusal>(Checklist.Tick(Given.Curriculum, ticked, "cooking", "x", Given.On, "a", Given.Now));
    }

    [Fact]
    public void the_last_approval_completes_the_coaching()
    {
        var all = Given.ApprovedUpTo("budget");

        Assert.Equal(EnrolmentStatus.Completed, all.Status);
        Assert.Equal(8, all.Approvals!.Count);
        Assert.IsType<Checklist.Refusal>(Checklist.Tick(Given.Curriculum, all, "budget", "capital-needs", Given.On, "a", Given.Now));
    }
}

public class when_computing_the_budget
{
    private static IncomeStatement Income() => new(
        [new RevenueLine("Lunch boxes", 89.50m, 4_000m), new RevenueLine("Catering", 1_250m, 40m)],
        [new AmountLine("Ingredients", 160_000m), new AmountLine("Rent", 72_000m), new AmountLine("Insurance", 4_800.40m)]);

    [Fact]
    public void the_income_statement_multiplies_prices_by_quantities_and_the_monthly_surplus_is_a_twelfth_to_the_ore()
    {
        var income = Income();

        Assert.Equal(358_000m + 50_000m, income.RevenueSek); // 89.50 × 4000 + 1250 × 40
        Assert.Equal(236_800.40m, income.CostsSek);
        Assert.Equal(171_199.60m, income.ResultSek);
        Assert.Equal(14_266.63m, income.MonthlySurplusSek); // 171 199.60 / 12 = 14 266.6333…
    }

    [Fact]
    public void a_half_ore_rounds_away_from_zero()
    {
        var income = new IncomeStatement([new RevenueLine("x", 0.06m, 1m)], []);

        Assert.Equal(0.01m, income.MonthlySurplusSek); // 0.06 / 12 = 0.005
    }

    [Fact]
    public void the_liquidity_budget_carries_each_closing_balance_into_the_next_month()
    {
        var budget = new LiquidityBudget(20_000m,
        [
            new BudgetMonth(1, [new AmountLine("Loan", 85_000.50m)], [new AmountLine("Oven", 50_000m), new AmountLine("Van", 25_000.50m)]),
            new BudgetMonth(2, [new AmountLine("Sales", 12_000m)], [new AmountLine("Rent", 6_000m), new AmountLine("Ingredients", 14_000m)]),
            new BudgetMonth(3, [new AmountLine("Sales", 30_000m)], [new AmountLine("Rent", 6_000m), new AmountLine("Ingredients", 13_000m)]),
            new BudgetMonth(12, [new AmountLine("Sales", 41_000m)], [new AmountLine("Rent", 6_000m), new AmountLine("Instalment", 2_600.25m)]),
        ]);

        var balances = budget.Balances();

        // By hand: 20 000 + 85 000.50 − 75 000.50 = 30 000; − 8 000 = 22 000; + 11 000 = 33 000; months 4–11 flat;
        // + 41 000 − 8 600.25 = 65 399.75.
        Assert.Equal([30_000m, 22_000m, 33_000m, 33_000m, 33_000m, 33_000m, 33_000m, 33_000m, 33_000m, 33_000m, 33_000m, 65_399.75m],
            balances.Select(b => b.ClosingBalanceSek));
        Assert.Equal(2, budget.Lowest.Month);
        Assert.Equal(22_000m, budget.Lowest.ClosingBalanceSek);
    }

    [Fact]
    public void the_financing_need_is_investments_plus_working_capital_minus_own_funds_and_never_negative()
    {
        var needs = new CapitalNeeds([new AmountLine("Oven", 50_000m), new AmountLine("Van", 25_000.50m)], 15_000m, 5_000m);

        Assert.Equal(85_000.50m, needs.FinancingNeedSek);
        Assert.Equal(0m, (needs with { OwnFundsSek = 200_000m }).FinancingNeedSek);
    }

    [Fact]
    public void figures_that_cannot_be_right_are_named_by_their_path()
    {
        var figures = new PlanFigures("cooperative",
            new IncomeStatement([new RevenueLine("Cakes", -10m, 5m), new RevenueLine("Bread", 10m, -1m)], [new AmountLine("Rent", 1.001m)]),
            new LiquidityBudget(0m, [new BudgetMonth(13, [], []), new BudgetMonth(2, [], []), new BudgetMonth(2, [], [])]),
            new CapitalNeeds([], -1m, 0m));

        var errors = figures.Validate(new Validation()).Errors.Keys.Order().ToArray();

        Assert.Equal(
        [
            "capitalNeeds.workingCapitalSek", "companyForm", "incomeStatement.costs[0].amountSek", "incomeStatement.revenues[0].unitPriceSek",
            "incomeStatement.revenues[1].quantity", "liquidityBudget.months[0].month", "liquidityBudget.months[1].month", "liquidityBudget.months[2].month"
        ], errors);
    }

    [Fact]
    public void the_plan_is_approved_only_after_the_budget_module_and_sends_the_exact_need_and_surplus()
    {
        var figures = new PlanFigures("sole-trader", Income(), new LiquidityBudget(0m, []),
            new CapitalNeeds([new AmountLine("Oven", 50_000m)], 35_000.55m, 0m));
        var drafted = Enrolment.Apply(new BusinessPlanDrafted(Given.Participant, figures, "a", Given.Now), Given.Enrolled());
        var ready = Enrolment.Apply(new BusinessPlanDrafted(Given.Participant, figures, "a", Given.Now), Given.ApprovedUpTo("budget"));

        BusinessPlanEndpoints.DecideApproval(drafted, Given.Curriculum, Given.On, Guid.NewGuid(), Given.Now, out var early);
        var approved = BusinessPlanEndpoints.DecideApproval(ready, Given.Curriculum, Given.On, Guid.NewGuid(), Given.Now, out var none);

        Assert.Contains("budget module", early);
        Assert.Null(none);
        Assert.Equal(85_000.55m, approved!.FinancingNeedSek);
        Assert.Equal(14_266.63m, approved.ExpectedMonthlySurplusSek);
    }
}

public class when_a_region_publishes_a_new_curriculum_version
{
    [Fact]
    public void added_modules_come_last_and_added_items_join_their_module()
    {
        var next = CurriculumEndpoints.Next(Given.Curriculum, new PublishCurriculumVersion(
            [new NewModule("digital-sales", "Digital försäljning", "Digital sales", [new NewItem("digital-sales", "web-shop", "Webbutik", "Web shop")])],
            [new NewItem("marketing", "social-media", "Sociala medier", "Social media", Mandatory: false)]), "manager", Given.Now, out var validation)!;

        Assert.True(validation.IsValid);
        Assert.Equal(2, next.Version);
        Assert.Equal(9, next.Find("digital-sales")!.Order);
        Assert.Equal("budget", next.Before(next.Find("digital-sales")!)!.Code);
        Assert.Contains(next.Find("marketing")!.Items, i => i.Code == "social-media" && !i.Mandatory);
        Assert.Equal(8, Given.Curriculum.Modules.Count); // the old version is untouched
    }

    [Fact]
    public void a_module_code_that_exists_is_refused()
    {
        Assert.Null(CurriculumEndpoints.Next(Given.Curriculum, new PublishCurriculumVersion(
            [new NewModule("budget", "B", "B", [new NewItem("budget", "x", "X", "X")])]), "m", Given.Now, out var validation));
        Assert.Contains("addModules[0].code", validation.Errors.Keys);
    }
}

public class when_a_module_waits_for_approval
{
    [Fact]
    public void her_next_module_waits_once_every_mandatory_item_is_ticked_and_not_before()
    {
        var first = Given.Curriculum.Modules.OrderBy(m => m.Order).First();
        var second = Given.Curriculum.Modules.OrderBy(m => m.Order).Skip(1).First();
        var enrolled = Given.Enrolled();

        Assert.Null(NeemPlatform.Coaching.Enrolments.AwaitingApproval.ModulesAwaitingApprovalEndpoint.Of(enrolled, Given.Curriculum));
        Assert.Equal(first.Code, NeemPlatform.Coaching.Enrolments.AwaitingApproval.ModulesAwaitingApprovalEndpoint
            .Of(Given.Ticked(enrolled, first.Code), Given.Curriculum)?.ModuleCode);
        Assert.Null(NeemPlatform.Coaching.Enrolments.AwaitingApproval.ModulesAwaitingApprovalEndpoint
            .Of(Given.Approved(enrolled, first.Code), Given.Curriculum));
        Assert.Equal(second.Code, NeemPlatform.Coaching.Enrolments.AwaitingApproval.ModulesAwaitingApprovalEndpoint
            .Of(Given.Ticked(Given.Approved(enrolled, first.Code), second.Code), Given.Curriculum)?.ModuleCode);
    }
}

/// <summary>One fold for a participant's coaching: every event her stream can hold moves it, none is skipped.</summary>
public class when_an_enrolments_events_are_folded
{
    [Fact]
    public void every_event_an_enrolment_can_hold_has_its_fold_and_an_unknown_one_is_refused()
    {
        var p = Given.Participant;
        var now = Given.Now;
        var figures = new PlanFigures("sole-trader", new IncomeStatement([new RevenueLine("Bröd", 40m, 1_000m)], [new AmountLine("Hyra", 12_000m)]),
            new LiquidityBudget(0m, []), new CapitalNeeds([new AmountLine("Ugn", 50_000m)], 10_000m, 0m));
        var session = Guid.NewGuid();
        IReadOnlyList<IEnrolmentEvent> life =
        [
            new AdvisorAssigned(p, "advisor-2", "manager-1", now),
            new ItemTicked(p, "m1", "i1", Given.On, "advisor-2", now),
            new ItemTicked(p, "m1", "i2", Given.On, "advisor-2", now),
            new ItemUnticked(p, "m1", "i2", "advisor-2", now),
            new ModuleApproved(p, Guid.NewGuid(), "m1", Given.On, "advisor-2", now),
            new ModuleReopened(p, "m1", Given.On, "advisor-2", now),
            new AttendanceRecorded(p, Guid.NewGuid(), session, "group", Given.On, "absent", 0m, now),
            new AttendanceRecorded(p, Guid.NewGuid(), session, "group", Given.On, "present", 3m, now), // a correction replaces
            new BusinessPlanDrafted(p, figures, "advisor-2", now),
            new PlanApproved(p, Guid.NewGuid(), 60_000m, 5_000.50m, Given.On, now),
            new BusinessPlanRevised(p, 2, figures, "advisor-2", Given.On.AddMonths(3), now),
            new CoachingCompletedEvent(p, Guid.NewGuid(), Given.On.AddMonths(4), now),
            new NotesErased(p, Guid.NewGuid(), now),
        ];
        var enrolled = Given.Enrolled();

        var after = enrolled.Fold(life);
        var droppedOut = enrolled.Fold([new DroppedOut(p, Guid.NewGuid(), "moved", Given.On, now)]);

        Assert.Equal("advisor-2", after.AdvisorId);
        Assert.Equal(("i1", 1), (Assert.Single(after.Ticks!).ItemCode, after.Reopenings));
        Assert.Empty(after.Approvals!);
        Assert.Equal(("present", 3m), (Assert.Single(after.Attendances!).Status, after.Attendances![0].Hours));
        Assert.Equal((60_000m, 5_000.50m, (DateOnly?)Given.On), (after.FinancingNeedSek, after.ExpectedMonthlySurplusSek, after.PlanApprovedOn));
        Assert.Equal(2, Assert.Single(after.PlanRevisions!).Revision);
        Assert.Equal((EnrolmentStatus.Completed, true), (after.Status, after.Erased));
        Assert.Equal((EnrolmentStatus.DroppedOut, "moved"), (droppedOut.Status, droppedOut.DropoutReason));

        // Every event type of the stream is in these lives: a new one fails here until it has its fold and its place in a life.
        var lived = life.Select(e => e.GetType()).Concat([typeof(EnrolmentStarted), typeof(DroppedOut)]).ToHashSet();
        var declared = typeof(IEnrolmentEvent).Assembly.GetTypes().Where(t => typeof(IEnrolmentEvent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });
        Assert.Empty(declared.Where(t => !lived.Contains(t)).Select(t => t.Name));
        Assert.Throws<NotSupportedException>(() => enrolled.Fold([new UnknownEnrolmentEvent(p)]));
        Assert.Throws<InvalidOperationException>(() => enrolled.Fold([new EnrolmentStarted(p, Guid.NewGuid(), Guid.NewGuid(), Given.On, now)]));
    }

    private sealed record UnknownEnrolmentEvent(Guid ParticipantId) : IEnrolmentEvent;
}
