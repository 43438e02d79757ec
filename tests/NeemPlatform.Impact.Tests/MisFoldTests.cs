using NeemPlatform.Contracts;
using NeemPlatform.Impact.Feed;
using NeemPlatform.Impact.History;

namespace NeemPlatform.Impact.Tests;

/// <summary>
/// One fold for the MIS: every entry says what it does to her state and on which date it happened; the live projection, the
/// history as of a date and the replay fold through it. A new kind of entry fails here until it has its place in a life, a
/// fold that changes what it is about, its JSON contract and its anonymous form in the feed.
/// </summary>
public class the_mis_fold
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Her = Guid.Parse("0195a000-0000-7000-8000-0000000000aa");
    private static readonly MisAttributes Attributes = new("female", true, "30-39", "newly-arrived", "partner-referral");

    /// <summary>Her whole life in the MIS, one entry of each kind, each with what it should have changed.</summary>
    private static IEnumerable<(IMisEntry Entry, DateOnly HappenedOn, Func<MisParticipant, bool> Changed)> Life()
    {
        var loan = Guid.NewGuid();
        var session = Guid.NewGuid();
        var group = Guid.NewGuid();
        var enterprise = Guid.NewGuid();
        static DateOnly On(int month, int day) => new(2026, month, day);
        yield return (new ReferralRecorded(Her, Guid.NewGuid(), "orebro", Guid.NewGuid(), null, "partner-referral", On(1, 10), Attributes, At, At),
            On(1, 10), p => p.Referrals == 1 && p.FirstReferredOn == On(1, 10) && p.Attributes == Attributes);
        yield return (new NonSelectionRecorded(Her, Guid.NewGuid(), "orebro", "no-permit", On(1, 20), Attributes, At, At),
            On(1, 20), p => p.NotSelectedReason == "no-permit");
        yield return (new SelectionRecorded(Her, Guid.NewGuid(), "orebro", On(2, 1), At, At), On(2, 1), p => p.SelectedOn == On(2, 1));
        yield return (new NetworkGroupJoinRecorded(Her, Guid.NewGuid(), "orebro", group, On(2, 2), Attributes, At, At),
            On(2, 2), p => p.NetworkGroupId == group && p.JoinedGroupOn == On(2, 2));
        yield return (new EnrolmentRecorded(Her, Guid.NewGuid(), "orebro", On(2, 3), At, At), On(2, 3), p => p.EnrolledOn == On(2, 3));
        yield return (new ModuleApprovalRecorded(Her, Guid.NewGuid(), "orebro", "M1", 1, 6, On(3, 1), At, At), On(3, 1), p => p.ModulesApproved == 1);
        yield return (new AttendanceEntryRecorded(Her, Guid.NewGuid(), "orebro", session, "group", On(3, 2), "present", 3m, At, At),
            On(3, 2), p => p.AttendanceBySession?[session] == "present");
        yield return (new ProfileChangeRecorded(Her, Guid.NewGuid(), "orebro", On(3, 5), Attributes with { EducationLevel = "upper-secondary" }, At, At),
            On(3, 5), p => p.Attributes?.EducationLevel == "upper-secondary");
        yield return (new CoachingCompletionRecorded(Her, Guid.NewGuid(), "orebro", On(4, 1), 6, At, At), On(4, 1), p => p.CoachingCompletedOn == On(4, 1));
        yield return (new CoachingDropoutRecorded(Her, Guid.NewGuid(), "orebro", "illness", On(4, 2), 6, At, At), On(4, 2), p => p.CoachingDropoutReason == "illness");
        yield return (new PlanApprovalRecorded(Her, Guid.NewGuid(), "orebro", 80_000.50m, 4_000m, On(4, 10), At, At),
            On(4, 10), p => p is { PlanApprovedOn: { } d, FinancingNeedSek: 80_000.50m } && d == On(4, 10));
        yield return (new CreditFileRecorded(Her, Guid.NewGuid(), "orebro", 80_000.50m, On(4, 11), At, At), On(4, 11), p => p.CreditLimitSek == 80_000.50m);
        yield return (new LoanFactRecorded(Her, Guid.NewGuid(), "orebro", "disbursed", loan, 50_000m, On(5, 1), null, At, At),
            On(5, 1), p => p.LoanFacts?["disbursed"] == 1 && p.Loans?[loan].OutstandingSek == 50_000m);
        yield return (new NextStepRecorded(Her, Guid.NewGuid(), "orebro", ProgrammeOutcomes.StartedCompany, On(6, 1), "sole-trader", On(6, 1), true,
                Attributes, At, At, enterprise),
            On(6, 1), p => p.NextSteps is [ProgrammeOutcomes.StartedCompany] && p.StartedSocialEnterprise && p.SocialEnterpriseIds is [var e] && e == enterprise);
        yield return (new LeavingRecorded(Her, Guid.NewGuid(), "orebro", ProgrammeOutcomes.StartedCompany, On(6, 30), At, At),
            On(6, 30), p => p.Outcome == ProgrammeOutcomes.StartedCompany && p.LeftOn == On(6, 30));
        yield return (new FollowUpRecorded(Her, Guid.NewGuid(), "orebro", "6-months", "started-company", On(12, 30), At, At,
                new FollowUpAnswers(1, OutsideFinancing: true)),
            On(12, 30), p => p.FollowUps is ["6-months:started-company"] && p.FinancedOutsideProgramme);
        yield return (new ErasureRecorded(Her, Guid.NewGuid(), "orebro", On(12, 31), At, At), On(12, 31), p => p.Erased);
    }

    [Fact]
    public void every_kind_of_entry_moves_what_it_is_about_on_the_date_it_happened_and_is_counted()
    {
        MisParticipant? state = null;
        var count = 0;
        foreach (var (entry, happenedOn, changed) in Life())
        {
            state = MisFold.Apply(state, entry);
            count++;

            Assert.True(changed(state), $"{entry.GetType().Name} did not move what it is about");
            Assert.Equal(happenedOn, MisFold.HappenedOn(entry));
            Assert.Equal((Her, "orebro", count), (state.Id, state.Region, state.Entries));
        }
    }

    [Fact]
    public void every_kind_of_entry_is_in_the_life_has_its_json_contract_and_leaves_the_region_only_under_pseudonyms()
    {
        var lived = Life().Select(l => l.Entry).ToList();

        Assert.Empty(MisEntryTypes.All.Where(t => lived.All(e => e.GetType() != t)).Select(t => t.Name));
        Assert.Empty(MisEntryTypes.All.Where(t => MisEntryJson.Default.GetTypeInfo(t) is null).Select(t => t.Name));

        using var pseudonyms = new FeedPseudonyms(new byte[32], "researcher");
        foreach (var entry in lived)
        {
            var anonymous = pseudonyms.Anonymise(entry);
            Assert.Equal(entry.GetType(), anonymous.GetType());
            Assert.Equal(pseudonyms.Of("participant", Her), anonymous.ParticipantId);
            Assert.NotEqual(entry.SourceEventId, anonymous.SourceEventId);
            Assert.Equal(entry.HappenedOn(), anonymous.HappenedOn());
        }
    }
}
