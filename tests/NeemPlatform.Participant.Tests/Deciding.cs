using NeemPlatform.Hosting;
using NeemPlatform.Contracts;
using NeemPlatform.Participant.NetworkGroups;
using NeemPlatform.Participant.Participants;
using NeemPlatform.Participant.Participants.Deciding;
using NeemPlatform.Participant.Participants.Exiting;
using NeemPlatform.Participant.Participants.FollowingUp;
using NeemPlatform.Participant.Participants.Interviewing;
using NeemPlatform.Participant.Participants.RecordingOutcomes;
using NeemPlatform.Participant.Participants.Registering;
using NeemPlatform.Participant.Participants.UpdatingProfile;
using NeemPlatform.Participant.Partners;
using NeemPlatform.Participant.PersonalData;
using NeemPlatform.Participant.Referrals;
using State = NeemPlatform.Participant.Participants.Participant;

namespace NeemPlatform.Participant.Tests;

// Pure decisions: given the participant's state, when a command, then these events or this refusal.

internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2026, 3, 1);
    public static readonly Guid Id = Guid.Parse("0195a000-0000-7000-8000-000000000001");

    public static State Registered(bool permit = true, string targetGroup = "newly-arrived") =>
        State.Create(new ParticipantRegistered(Id, "stockholm", "partner-referral", targetGroup, "Botkyrka", permit, "female", true,
            null, "30-39", new DateOnly(2026, 1, 10), Now));

    public static State Interviewed(State? p = null) =>
        State.Apply(new Interviewed(Id, new DateOnly(2026, 1, 20), 5, 4, false, "advisor-1", Now), p ?? Registered());

    public static State Selected(DateOnly? on = null) =>
        State.Apply(new JoinedNetworkGroup(Id, Guid.NewGuid(), Guid.NewGuid(), on ?? new DateOnly(2026, 2, 1), Now),
            State.Apply(new SelectedForProgramme(Id, Guid.NewGuid(), on ?? new DateOnly(2026, 2, 1), "advisor-1", Now), Interviewed()));

    public static State Exited(DateOnly on) =>
        State.Apply(new ExitedProgramme(Id, Guid.NewGuid(), "completed", "studies", on, Now), Selected());

    public static DecideSelection Decision(string decision, string? reason = null) =>
        new(decision, new DateOnly(2026, 2, 1), reason);

    public static PersonDetails Person()
    {
        SwedishIdentityNumber.TryParse("19850314-6246", Today, out var number, out _);
        return new PersonDetails(number!, "Amina", "Testsson", "0701234567", null, "Botkyrka", "newly-arrived", true, "female", true,
            null, null);
    }
}

public class when_a_person_is_referred
{
    [Fact]
    public void a_new_person_is_registered_with_her_age_band_and_the_referral()
    {
        var events = Intake.Decide(null, Given.Person(), "partner-referral", Guid.NewGuid(), Given.Id, Guid.NewGuid(), Guid.NewGuid(),
            "stockholm", Given.Today, Given.Now);

        var registered = Assert.IsType<ParticipantRegistered>(events[0]);
        Assert.Equal("40-49", registered.AgeBand); // born 1985-03-14, 40 on 2026-03-01
        Assert.IsType<ReferralReceived>(events[1]);
    }

    [Fact]
    public void a_known_person_gets_one_more_referral_and_no_second_registration()
    {
        var events = Intake.Decide(Given.Registered(), Given.Person(), "partner-referral", Guid.NewGuid(), Given.Id, Guid.NewGuid(),
            Guid.NewGuid(), "stockholm", Given.Today, Given.Now);

        Assert.IsType<ReferralReceived>(Assert.Single(events));
    }

    [Theory]
    [InlineData("2002-03-02", "under-25")]
    [InlineData("2001-03-01", "25-29")]
    [InlineData("1986-03-02", "30-39")]
    [InlineData("1971-03-01", "55-64")]
    [InlineData("1961-03-01", "65-plus")]
    public void the_age_band_counts_whole_years_on_the_day(string birth, string band)
    {
        Assert.Equal(band, Vocabulary.AgeBand(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), Given.Today));
    }
}

public class when_interviewing
{
    [Fact]
    public void the_scores_are_recorded_and_the_same_interview_again_changes_nothing()
    {
        var command = new InterviewParticipant(new DateOnly(2026, 1, 20), 5, 4);

        var first = InterviewParticipantEndpoint.Decide(Given.Registered(), command, "advisor-1", Given.Now);
        var again = InterviewParticipantEndpoint.Decide(Given.Interviewed(), command, "advisor-1", Given.Now);

        Assert.Equal(5, Assert.IsType<Interviewed>(Assert.Single(Assert.IsType<Decision<IParticipantEvent>.Accepted>(first).Events)).Drive);
        Assert.IsType<Decision<IParticipantEvent>.AlreadyDone>(again);
    }

    [Fact]
    public void scores_outside_one_to_five_are_invalid()
    {
        var errors = InterviewParticipantEndpoint.Check(new InterviewParticipant(new DateOnly(2026, 1, 20), 0, 6)).Errors;

        Assert.Equal(["drive", "will"], errors.Keys.Order());
    }

    [Fact]
    public void there_is_no_interview_after_the_decision()
    {
        var decision = InterviewParticipantEndpoint.Decide(Given.Selected(), new InterviewParticipant(new DateOnly(2026, 2, 5), 3, 3),
            "advisor-1", Given.Now);

        Assert.Equal("Interview refused", Assert.IsType<Decision<IParticipantEvent>.Refused>(decision).Title);
    }
}

public class when_deciding_the_selection
{
    [Fact]
    public void an_interviewed_eligible_person_is_selected()
    {
        Assert.IsType<DecideSelectionEndpoint.Outcome.Select>(
            DecideSelectionEndpoint.Decide(Given.Interviewed(), Given.Decision("selected"), "a", Guid.NewGuid(), Given.Now));
    }

    [Theory]
    [InlineData(false, "newly-arrived", "permanent residence permit")]
    [InlineData(true, "other", "target groups")]
    public void eligibility_is_checked(bool permit, string targetGroup, string reason)
    {
        var refused = DecideSelectionEndpoint.Decide(Given.Interviewed(Given.Registered(permit, targetGroup)), Given.Decision("selected"), "a",
            Guid.NewGuid(), Given.Now);

        Assert.Contains(reason, Assert.IsType<DecideSelectionEndpoint.Outcome.Refused>(refused).Reason);
    }

    [Fact]
    public void selection_and_waiting_list_need_an_interview_but_not_selecting_does_not()
    {
        Assert.IsType<DecideSelectionEndpoint.Outcome.Refused>(
            DecideSelectionEndpoint.Decide(Given.Registered(), Given.Decision("waiting-list"), "a", Guid.NewGuid(), Given.Now));
        var rejected = DecideSelectionEndpoint.Decide(Given.Registered(), Given.Decision("not-selected", "did-not-attend"), "a",
            Guid.NewGuid(), Given.Now);
        Assert.Equal("did-not-attend", Assert.IsType<DecideSelectionEndpoint.Outcome.Reject>(rejected).Event.Reason);
    }

    [Fact]
    public void not_selected_needs_a_reason_code_and_only_then()
    {
        Assert.Equal(["reason"], DecideSelectionEndpoint.Check(Given.Decision("not-selected")).Errors.Keys);
        Assert.Equal(["reason"], DecideSelectionEndpoint.Check(Given.Decision("not-selected", "she was rude")).Errors.Keys);
        Assert.Equal(["reason"], DecideSelectionEndpoint.Check(Given.Decision("selected", "declined")).Errors.Keys);
    }

    [Fact]
    public void selecting_someone_in_the_programme_again_changes_nothing_and_an_exited_one_is_refused()
    {
        Assert.IsType<DecideSelectionEndpoint.Outcome.Unchanged>(
            DecideSelectionEndpoint.Decide(Given.Selected(), Given.Decision("selected"), "a", Guid.NewGuid(), Given.Now));
        Assert.IsType<DecideSelectionEndpoint.Outcome.Refused>(
            DecideSelectionEndpoint.Decide(Given.Exited(new DateOnly(2026, 6, 1)), Given.Decision("selected"), "a", Guid.NewGuid(), Given.Now));
    }
}

public class when_placing_in_a_network_group
{
    private static NetworkGroup Group(int capacity, int members, int minute) => new()
    {
        Id = Guid.NewGuid(),
        Capacity = capacity,
        Members = Enumerable.Range(0, members).Select(_ => Guid.NewGuid()).ToList(),
        FormedAt = Given.Now.AddMinutes(minute)
    };

    [Fact]
    public void the_named_group_is_used_when_it_has_room_else_the_oldest_with_room()
    {
        var full = Group(2, 2, 0);
        var older = Group(5, 1, 1);
        var newer = Group(5, 0, 2);

        Assert.Same(newer, Placement.Choose([full, older, newer], newer.Id));
        Assert.Same(older, Placement.Choose([full, older, newer], full.Id));
        Assert.Null(Placement.Choose([full], null));
    }
}

public class when_recording_outcomes_exits_and_follow_ups
{
    [Fact]
    public void an_outcome_needs_a_selection_and_the_same_outcome_twice_is_one_event()
    {
        var command = new RecordOutcome("employment", new DateOnly(2026, 5, 1));

        var first = RecordOutcomeEndpoint.Decide(Given.Selected(), command, Guid.NewGuid(), Given.Now, out var none);
        var twice = RecordOutcomeEndpoint.Decide(State.Apply(first!, Given.Selected()), command, Guid.NewGuid(), Given.Now, out _);
        RecordOutcomeEndpoint.Decide(Given.Interviewed(), command, Guid.NewGuid(), Given.Now, out var refusal);

        Assert.Null(none);
        Assert.Equal("employment", first!.Outcome);
        Assert.Null(twice);
        Assert.NotNull(refusal);
    }

    [Fact]
    public void a_started_company_needs_a_valid_organisation_number_which_a_sole_trader_may_give_as_her_identity_number()
    {
        var company = (string number) => new RecordOutcome("started-company", new DateOnly(2026, 2, 1),
            new StartedCompany(number, "sole-trader", new DateOnly(2026, 2, 1), true));

        Assert.True(RecordOutcomeEndpoint.Check(company("556016-0680"), Given.Today, out var legal).IsValid);
        Assert.Equal("556016-0680", legal);
        Assert.True(RecordOutcomeEndpoint.Check(company("850314-6246"), Given.Today, out var soleTrader).IsValid);
        Assert.Equal("198503146246", soleTrader);
        Assert.Equal(["company.organisationNumber"], RecordOutcomeEndpoint.Check(company("556016-0681"), Given.Today, out _).Errors.Keys);
        Assert.Equal(["company"], RecordOutcomeEndpoint.Check(new RecordOutcome("started-company", Given.Today), Given.Today, out _).Errors.Keys);
    }

    [Fact]
    public void the_exit_carries_her_latest_next_step_or_no_next_step()
    {
        var withOutcome = State.Apply(new OutcomeRecorded(Given.Id, Guid.NewGuid(), "internship", new DateOnly(2026, 4, 1), null, null, false, Given.Now),
            Given.Selected());

        var exited = ExitProgrammeEndpoint.Decide(withOutcome, new ExitProgramme(new DateOnly(2026, 6, 1), "completed"), Guid.NewGuid(), Given.Now, out _);
        var bare = ExitProgrammeEndpoint.Decide(Given.Selected(), new ExitProgramme(new DateOnly(2026, 6, 1), "dropped-out"), Guid.NewGuid(), Given.Now, out _);

        Assert.Equal("internship", exited!.NextStep);
        Assert.Equal(ProgrammeOutcomes.NoNextStep, bare!.NextStep);
    }

    [Fact]
    public void leaving_twice_the_same_way_is_a_no_op_and_another_way_is_refused()
    {
        var exited = Given.Exited(new DateOnly(2026, 6, 1));

        Assert.Null(ExitProgrammeEndpoint.Decide(exited, new ExitProgramme(new DateOnly(2026, 6, 1), "completed"), Guid.NewGuid(), Given.Now, out var same));
        ExitProgrammeEndpoint.Decide(exited, new ExitProgramme(new DateOnly(2026, 7, 1), "completed"), Guid.NewGuid(), Given.Now, out var other);
        Assert.Null(same);
        Assert.NotNull(other);
    }

    [Fact]
    public void follow_ups_come_after_the_exit_once_per_point()
    {
        var command = new RecordFollowUp("six-months", "employment", new DateOnly(2026, 12, 1));

        RecordFollowUpEndpoint.Decide(Given.Selected(), command, Guid.NewGuid(), Given.Now, out var beforeExit);
        var first = RecordFollowUpEndpoint.Decide(Given.Exited(new DateOnly(2026, 6, 1)), command, Guid.NewGuid(), Given.Now, out _);
        var recorded = State.Apply(first!, Given.Exited(new DateOnly(2026, 6, 1)));
        RecordFollowUpEndpoint.Decide(recorded, command with { Status = "job-seeking" }, Guid.NewGuid(), Given.Now, out var changed);

        Assert.NotNull(beforeExit);
        Assert.Equal("six-months", first!.Point);
        Assert.NotNull(changed);
    }

    [Fact]
    public void foreign_background_is_born_abroad_or_a_parent_born_abroad_and_unknown_stays_unknown()
    {
        var profile = (bool? self, bool? parent) => UpdateProfileEndpoint.Decide(Given.Registered(),
            new UpdateProfile("female", "secondary", ["arabic"], "Botkyrka", false, "basic", self, parent), Given.Now)!;

        Assert.True(State.Apply(profile(false, true), Given.Registered()).ForeignBackground);
        Assert.False(State.Apply(profile(false, false), Given.Registered()).ForeignBackground);
        Assert.Null(State.Apply(profile(null, false), Given.Registered()).ForeignBackground);
    }
}

public class when_a_follow_up_falls_due
{
    [Fact]
    public void it_is_scheduled_once_for_its_date()
    {
        var left = Given.Exited(new DateOnly(2026, 6, 30));
        var due = new FollowUpDue(Guid.NewGuid(), Given.Id, "stockholm", new DateOnly(2026, 6, 30), new DateOnly(2026, 12, 30), Given.Now);

        var scheduled = ScheduleFollowUpHandler.Decide(left, due, Given.Now);

        Assert.Equal(new DateOnly(2026, 12, 30), scheduled?.DueOn);
        Assert.Null(ScheduleFollowUpHandler.Decide(State.Apply(scheduled!, left), due, Given.Now));
    }

    [Fact]
    public void her_next_follow_up_moves_to_twelve_months_once_six_months_is_recorded()
    {
        var p = Given.Exited(new DateOnly(2026, 6, 30));
        foreach (var (point, dueOn) in new[] { ("at-exit", new DateOnly(2026, 6, 30)), ("six-months", new DateOnly(2026, 12, 30)), ("twelve-months", new DateOnly(2027, 6, 30)) })
        {
            var due = new FollowUpDue(Guid.NewGuid(), Given.Id, "stockholm", new DateOnly(2026, 6, 30), dueOn, Given.Now, point);
            p = State.Apply(ScheduleFollowUpHandler.Decide(p, due, Given.Now)!, p);
        }

        Assert.Equal(new DateOnly(2026, 6, 30), p.FollowUpDueOn);
        p = State.Apply(new FollowedUp(Given.Id, Guid.NewGuid(), "at-exit", "employment", new DateOnly(2026, 6, 30), Given.Now), p);
        Assert.Equal(new DateOnly(2026, 12, 30), p.FollowUpDueOn);
        p = State.Apply(new FollowedUp(Given.Id, Guid.NewGuid(), "six-months", "employment", new DateOnly(2027, 1, 5), Given.Now), p);
        Assert.Equal(new DateOnly(2027, 6, 30), p.FollowUpDueOn);
        p = State.Apply(new FollowedUp(Given.Id, Guid.NewGuid(), "twelve-months", "own-company", new DateOnly(2027, 7, 1), Given.Now), p);
        Assert.Null(p.FollowUpDueOn);

        // A late copy of a due message for a point already recorded puts nothing back on her list.
        Assert.Null(ScheduleFollowUpHandler.Decide(p, new FollowUpDue(Guid.NewGuid(), Given.Id, "stockholm", new DateOnly(2026, 6, 30),
            new DateOnly(2026, 12, 30), Given.Now, "six-months"), Given.Now));
    }

    [Fact]
    public void an_unknown_participant_gets_nothing()
    {
        var due = new FollowUpDue(Guid.NewGuid(), Given.Id, "stockholm", new DateOnly(2026, 6, 30), new DateOnly(2026, 12, 30), Given.Now);

        Assert.Null(ScheduleFollowUpHandler.Decide(null, due, Given.Now));
    }
}

public class when_a_partner_reads_a_status
{
    private static readonly Guid First = Guid.Parse("0195a000-0000-7000-8000-0000000000a1");
    private static readonly Guid Later = Guid.Parse("0195a000-0000-7000-8000-0000000000a2");

    private static State Referred(State p, Guid referralId) =>
        State.Apply(new ReferralReceived(Given.Id, referralId, Guid.NewGuid(), Guid.NewGuid(), "partner-referral", "newly-arrived", true,
            Given.Today, Given.Now), p);

    [Fact]
    public void her_referral_moves_received_invited_in_process_closed_and_never_shows_her_programme_status()
    {
        var received = Referred(Given.Registered(), First);
        Assert.Equal("received", ReferralStatus.Of(received, First));
        var invited = State.Apply(new InvitedToWorkshop(Given.Id, Guid.NewGuid(), Given.Today, Given.Now), received);
        Assert.Equal("invited", ReferralStatus.Of(invited, First));
        var selected = State.Apply(new SelectedForProgramme(Given.Id, Guid.NewGuid(), Given.Today, "a", Given.Now), Given.Interviewed(invited));
        Assert.Equal("in-process", ReferralStatus.Of(selected, First));
        var notSelected = State.Apply(new NotSelected(Given.Id, Guid.NewGuid(), "not-eligible", Given.Today, "a", Given.Now), Given.Interviewed(invited));
        Assert.Equal("closed", ReferralStatus.Of(notSelected, First));
        var waiting = State.Apply(new PlacedOnWaitingList(Given.Id, Given.Today, false, Given.Now), Given.Interviewed(invited));
        Assert.Equal("in-process", ReferralStatus.Of(waiting, First));
    }

    [Fact]
    public void a_referral_of_someone_already_in_the_programme_starts_as_received_like_a_new_one()
    {
        var inProgramme = Given.Selected();

        var referred = Referred(inProgramme, Later);

        Assert.Equal("received", ReferralStatus.Of(referred, Later));
        Assert.Equal("closed", ReferralStatus.Of(State.Apply(new ReferralClosed(Given.Id, Later, "duplicate", "a", Given.Now), referred), Later));
    }

    [Fact]
    public void a_later_referral_never_changes_her_target_group_or_residence_permit()
    {
        var known = Given.Registered(permit: false, targetGroup: "newly-arrived");

        var referred = State.Apply(new ReferralReceived(Given.Id, Later, Guid.NewGuid(), Guid.NewGuid(), "partner-referral", "long-term-unemployed",
            true, Given.Today, Given.Now), known);

        Assert.Equal("newly-arrived", referred.TargetGroup);
        Assert.False(referred.PermanentResidencePermit);
    }
}

public class when_handling_partner_credentials
{
    [Fact]
    public void an_issued_key_parses_back_to_its_credential_and_matches_only_its_own_hash()
    {
        var id = Guid.NewGuid();
        var (key, hash) = PartnerKeys.Issue(id);
        var (_, otherHash) = PartnerKeys.Issue(id);

        Assert.True(PartnerKeys.TryParse(key, out var parsed, out var secret));
        Assert.Equal(id, parsed);
        Assert.True(PartnerKeys.Matches(secret, hash));
        Assert.False(PartnerKeys.Matches(secret, otherHash));
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("neem_pk_")]
    [InlineData("Bearer abc")]
    [InlineData("neem_pk_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void malformed_keys_do_not_parse(string key)
    {
        Assert.False(PartnerKeys.TryParse(key, out _, out _));
    }
}

/// <summary>One fold for a participant: every event her stream can hold has it, in the fold the code uses and in the snapshot's.</summary>
public class when_a_participants_events_are_folded
{
    private static readonly List<Type> EventTypes = typeof(IParticipantEvent).Assembly.GetTypes()
        .Where(t => typeof(IParticipantEvent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false }).ToList();

    [Fact]
    public void every_event_of_her_stream_has_its_fold_and_an_unknown_one_is_refused()
    {
        var registered = Given.Registered();
        var unknown = new List<string>();
        foreach (var type in EventTypes.Where(t => t != typeof(ParticipantRegistered)))
        {
            // An instance with no values: the fold either applies it (and may trip over a missing value) or does not know it.
            var e = (IParticipantEvent)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
            try
            {
                State.Next(registered, e);
            }
            catch (NotSupportedException)
            {
                unknown.Add(type.Name);
            }
            catch (Exception ex) when (ex is NullReferenceException or ArgumentException or InvalidOperationException)
            {
            }
        }

        Assert.Empty(unknown);
        Assert.Equal(18, EventTypes.Count);
        Assert.Throws<NotSupportedException>(() => State.Next(registered, new UnknownParticipantEvent(registered.Id)));
        Assert.Throws<InvalidOperationException>(() => State.Fold(registered,
            [Intake.Decide(null, Given.Person(), "walk-in", null, registered.Id, Guid.NewGuid(), Guid.NewGuid(), "stockholm", Given.Today, Given.Now)[0]]));
    }

    [Fact]
    public void the_streams_snapshot_has_the_same_apply_for_every_event()
    {
        var methods = typeof(State).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(m => m.Name is "Apply" or "Create").Select(m => m.GetParameters()[0].ParameterType).ToHashSet();

        Assert.Empty(EventTypes.Where(t => !methods.Contains(t)).Select(t => t.Name));
    }

    private sealed record UnknownParticipantEvent(Guid ParticipantId) : IParticipantEvent;
}
