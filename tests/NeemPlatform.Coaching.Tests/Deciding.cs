using NeemPlatform.Coaching.Enrolments;
using NeemPlatform.Coaching.Enrolments.ApprovingBusinessPlan;
using NeemPlatform.Coaching.Enrolments.Enrolling;
using NeemPlatform.Contracts;

namespace NeemPlatform.Coaching.Tests;

internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid Participant = Guid.Parse("0195b000-0000-7000-8000-000000000001");
    public static readonly Guid EventId = Guid.Parse("0195b000-0000-7000-8000-00000000e001");

    public static ParticipantAssignedToNetworkGroup Selection() =>
        new(Guid.Parse("0195b000-0000-7000-8000-00000000a001"), Participant, "stockholm",
            Guid.Parse("0195b000-0000-7000-8000-00000000c001"), new DateOnly(2026, 2, 1), "female", true, "30-39",
            "newly-arrived", "partner-referral", Now);

    public static Enrolment Enrolled() =>
        Enrolment.Create(new EnrolmentStarted(Participant, Selection().EventId, EventId, new DateOnly(2026, 2, 1), Now));
}

public class when_a_selected_participant_arrives
{
    [Fact]
    public void she_is_enrolled_from_her_selection_date()
    {
        var started = EnrolOnNetworkGroupAssignmentHandler.Decide(alreadyEnrolled: false, Given.Selection(), Given.EventId, Given.Now);

        Assert.Equal(new EnrolmentStarted(Given.Participant, Given.Selection().EventId, Given.EventId,
            new DateOnly(2026, 2, 1), Given.Now), started);
    }

    [Fact]
    public void she_is_not_enrolled_twice()
    {
        Assert.Null(EnrolOnNetworkGroupAssignmentHandler.Decide(alreadyEnrolled: true, Given.Selection(), Given.EventId, Given.Now));
    }
}

public class when_approving_a_business_plan
{
    private static readonly ApproveBusinessPlan Plan = new(85_000.55m, 4_200m, new DateOnly(2026, 5, 1));

    [Fact]
    public void the_approval_carries_the_exact_figures()
    {
        var decision = ApproveBusinessPlanEndpoint.Decide(Given.Enrolled(), Plan, Given.EventId, Given.Now);

        var approved = Assert.IsType<ApproveBusinessPlanEndpoint.Decision.Approve>(decision).Event;
        Assert.Equal(new PlanApproved(Given.Participant, Given.EventId, 85_000.55m, 4_200m, new DateOnly(2026, 5, 1), Given.Now), approved);
    }

    [Fact]
    public void approving_the_same_plan_again_changes_nothing_and_other_figures_are_refused()
    {
        var approved = Enrolment.Apply(new PlanApproved(Given.Participant, Given.EventId, 85_000.55m, 4_200m,
            new DateOnly(2026, 5, 1), Given.Now), Given.Enrolled());

        Assert.IsType<ApproveBusinessPlanEndpoint.Decision.AlreadyApproved>(
            ApproveBusinessPlanEndpoint.Decide(approved, Plan, Given.EventId, Given.Now));
        Assert.IsType<ApproveBusinessPlanEndpoint.Decision.Refused>(
            ApproveBusinessPlanEndpoint.Decide(approved, Plan with { FinancingNeedSek = 85_000.56m }, Given.EventId, Given.Now));
    }

    [Fact]
    public void an_approval_dated_before_the_enrolment_is_refused()
    {
        var decision = ApproveBusinessPlanEndpoint.Decide(Given.Enrolled(), Plan with { ApprovedOn = new DateOnly(2026, 1, 31) },
            Given.EventId, Given.Now);

        Assert.IsType<ApproveBusinessPlanEndpoint.Decision.Refused>(decision);
    }

    [Theory]
    [InlineData("-1", "4200", "financingNeedSek")]
    [InlineData("100.005", "4200", "financingNeedSek")]
    [InlineData("100", "0.001", "expectedMonthlySurplusSek")]
    [InlineData("20000000", "4200", "financingNeedSek")]
    public void figures_that_cannot_be_right_are_named(string need, string surplus, string field)
    {
        var command = new ApproveBusinessPlan(decimal.Parse(need, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(surplus, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2026, 5, 1));

        Assert.Equal([field], ApproveBusinessPlanEndpoint.Validate(command).Errors.Keys.ToArray());
    }

    [Fact]
    public void a_negative_expected_surplus_is_a_valid_figure()
    {
        Assert.True(ApproveBusinessPlanEndpoint.Validate(Plan with { ExpectedMonthlySurplusSek = -500.25m }).IsValid);
    }
}
