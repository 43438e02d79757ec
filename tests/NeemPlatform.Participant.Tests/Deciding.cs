using NeemPlatform.Participant.Participants;
using NeemPlatform.Participant.Participants.FollowingUp;
using NeemPlatform.Participant.Participants.LeavingProgramme;
using NeemPlatform.Participant.Participants.Registering;
using NeemPlatform.Participant.Participants.Selecting;
using NeemPlatform.Contracts;

namespace NeemPlatform.Participant.Tests;

// Pure decisions: given the participant's state, when a command, then these events or this refusal.

internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid Id = Guid.Parse("0195a000-0000-7000-8000-000000000001");

    public static RegisterParticipant Registration() =>
        new(Id, "walk-in", "newly-arrived", new DateOnly(2026, 1, 10), "female", true);

    public static Participants.Participant Registered() =>
        Participants.Participant.Create(new ParticipantRegistered(Id, "walk-in", "newly-arrived", "female", true,
            new DateOnly(2026, 1, 10), Now));

    public static Participants.Participant Selected(DateOnly on) =>
        Participants.Participant.Apply(new SelectedForProgramme(Id, Guid.NewGuid(), on, Now), Registered());

    public static Participants.Participant Left(DateOnly selectedOn, string outcome, DateOnly leftOn) =>
        Participants.Participant.Apply(new LeftProgramme(Id, Guid.NewGuid(), outcome, leftOn, Now), Selected(selectedOn));
}

public class when_registering_a_participant
{
    [Fact]
    public void a_new_id_is_registered_with_the_given_details()
    {
        var decision = RegisterParticipantEndpoint.Decide(Given.Registration(), null, Given.Now);

        var registered = Assert.IsType<RegisterParticipantEndpoint.Decision.Register>(decision).Event;
        Assert.Equal(new ParticipantRegistered(Given.Id, "walk-in", "newly-arrived", "female", true,
            new DateOnly(2026, 1, 10), Given.Now), registered);
    }

    [Fact]
    public void the_same_registration_again_is_recognised_as_a_retry()
    {
        var decision = RegisterParticipantEndpoint.Decide(Given.Registration(), Given.Registered(), Given.Now);

        Assert.IsType<RegisterParticipantEndpoint.Decision.AlreadyRegistered>(decision);
    }

    [Fact]
    public void the_same_id_with_other_details_conflicts()
    {
        var other = Given.Registration() with { TargetGroup = "job-guarantee-phase-2" };

        var decision = RegisterParticipantEndpoint.Decide(other, Given.Registered(), Given.Now);

        Assert.IsType<RegisterParticipantEndpoint.Decision.Conflicts>(decision);
    }

    [Fact]
    public void validation_names_every_bad_field()
    {
        var bad = new RegisterParticipant(Guid.Empty, "carrier-pigeon", "everyone", new DateOnly(1899, 1, 1), "x");

        var errors = RegisterParticipantEndpoint.Validate(bad).Errors;

        Assert.Equal(["gender", "participantId", "registeredOn", "source", "targetGroup"], errors.Keys.Order().ToArray());
    }

    [Fact]
    public void gender_and_foreign_background_may_be_unknown()
    {
        var partial = Given.Registration() with { Gender = null, ForeignBackground = null };

        Assert.True(RegisterParticipantEndpoint.Validate(partial).IsValid);
    }
}

public class when_selecting_a_participant
{
    private static readonly Guid EventId = Guid.Parse("0195a000-0000-7000-8000-00000000e001");

    [Fact]
    public void a_registered_participant_is_selected_on_the_given_date()
    {
        var decision = SelectParticipantEndpoint.Decide(Given.Registered(), new SelectParticipant(new DateOnly(2026, 2, 1)), EventId, Given.Now);

        var selected = Assert.IsType<SelectParticipantEndpoint.Decision.Select>(decision).Event;
        Assert.Equal(new SelectedForProgramme(Given.Id, EventId, new DateOnly(2026, 2, 1), Given.Now), selected);
    }

    [Fact]
    public void selecting_her_again_on_the_same_date_changes_nothing()
    {
        var decision = SelectParticipantEndpoint.Decide(Given.Selected(new DateOnly(2026, 2, 1)),
            new SelectParticipant(new DateOnly(2026, 2, 1)), EventId, Given.Now);

        Assert.IsType<SelectParticipantEndpoint.Decision.AlreadySelected>(decision);
    }

    [Fact]
    public void selecting_her_again_on_another_date_is_refused()
    {
        var decision = SelectParticipantEndpoint.Decide(Given.Selected(new DateOnly(2026, 2, 1)),
            new SelectParticipant(new DateOnly(2026, 2, 2)), EventId, Given.Now);

        Assert.Contains("2026-02-01", Assert.IsType<SelectParticipantEndpoint.Decision.Refused>(decision).Reason);
    }

    [Fact]
    public void a_selection_dated_before_the_registration_is_refused()
    {
        var decision = SelectParticipantEndpoint.Decide(Given.Registered(), new SelectParticipant(new DateOnly(2026, 1, 9)), EventId, Given.Now);

        Assert.IsType<SelectParticipantEndpoint.Decision.Refused>(decision);
    }

    [Fact]
    public void a_participant_who_left_cannot_be_selected()
    {
        var left = Given.Left(new DateOnly(2026, 2, 1), ProgrammeOutcomes.Employment, new DateOnly(2026, 6, 1));

        var decision = SelectParticipantEndpoint.Decide(left, new SelectParticipant(new DateOnly(2026, 7, 1)), EventId, Given.Now);

        Assert.IsType<SelectParticipantEndpoint.Decision.Refused>(decision);
    }
}

public class when_recording_that_a_participant_left
{
    private static readonly Guid EventId = Guid.Parse("0195a000-0000-7000-8000-00000000e002");

    [Fact]
    public void a_selected_participant_leaves_with_her_outcome()
    {
        var decision = RecordLeavingEndpoint.Decide(Given.Selected(new DateOnly(2026, 2, 1)),
            new RecordLeaving(ProgrammeOutcomes.StartedCompany, new DateOnly(2026, 8, 31)), EventId, Given.Now);

        var left = Assert.IsType<RecordLeavingEndpoint.Decision.Leave>(decision).Event;
        Assert.Equal(new LeftProgramme(Given.Id, EventId, ProgrammeOutcomes.StartedCompany, new DateOnly(2026, 8, 31), Given.Now), left);
    }

    [Fact]
    public void a_participant_who_was_never_selected_cannot_leave()
    {
        var decision = RecordLeavingEndpoint.Decide(Given.Registered(),
            new RecordLeaving(ProgrammeOutcomes.Studies, new DateOnly(2026, 8, 31)), EventId, Given.Now);

        Assert.IsType<RecordLeavingEndpoint.Decision.Refused>(decision);
    }

    [Fact]
    public void leaving_before_the_selection_is_refused()
    {
        var decision = RecordLeavingEndpoint.Decide(Given.Selected(new DateOnly(2026, 2, 1)),
            new RecordLeaving(ProgrammeOutcomes.Studies, new DateOnly(2026, 1, 31)), EventId, Given.Now);

        Assert.IsType<RecordLeavingEndpoint.Decision.Refused>(decision);
    }

    [Fact]
    public void the_same_leaving_again_is_a_retry_and_another_one_is_refused()
    {
        var left = Given.Left(new DateOnly(2026, 2, 1), ProgrammeOutcomes.Internship, new DateOnly(2026, 6, 1));

        Assert.IsType<RecordLeavingEndpoint.Decision.AlreadyLeft>(RecordLeavingEndpoint.Decide(left,
            new RecordLeaving(ProgrammeOutcomes.Internship, new DateOnly(2026, 6, 1)), EventId, Given.Now));
        Assert.IsType<RecordLeavingEndpoint.Decision.Refused>(RecordLeavingEndpoint.Decide(left,
            new RecordLeaving(ProgrammeOutcomes.Employment, new DateOnly(2026, 6, 1)), EventId, Given.Now));
    }

    [Fact]
    public void an_unknown_outcome_is_named_in_validation()
    {
        var errors = RecordLeavingEndpoint.Validate(new RecordLeaving("holiday", new DateOnly(2026, 6, 1))).Errors;

        Assert.Equal(["outcome"], errors.Keys.ToArray());
    }
}

public class when_a_follow_up_falls_due
{
    [Fact]
    public void it_is_scheduled_once_for_its_date()
    {
        var left = Given.Left(new DateOnly(2026, 2, 1), ProgrammeOutcomes.Studies, new DateOnly(2026, 6, 30));
        var due = new FollowUpDue(Guid.NewGuid(), Given.Id, "stockholm", new DateOnly(2026, 6, 30), new DateOnly(2026, 12, 30), Given.Now);

        var scheduled = ScheduleFollowUpHandler.Decide(left, due, Given.Now);

        Assert.Equal(new DateOnly(2026, 12, 30), scheduled?.DueOn);
        Assert.Null(ScheduleFollowUpHandler.Decide(Participants.Participant.Apply(scheduled!, left), due, Given.Now));
    }

    [Fact]
    public void an_unknown_participant_gets_nothing()
    {
        var due = new FollowUpDue(Guid.NewGuid(), Given.Id, "stockholm", new DateOnly(2026, 6, 30), new DateOnly(2026, 12, 30), Given.Now);

        Assert.Null(ScheduleFollowUpHandler.Decide(null, due, Given.Now));
    }
}
