namespace NeemPlatform.Participant.Participants;

/// <summary>The values the programme records about a participant and her journey, as they travel in the API.</summary>
public static class Vocabulary
{
    public const string PartnerReferral = "partner-referral";

    public static readonly IReadOnlyList<string> Sources =
        [PartnerReferral, "information-workshop", "recommendation", "word-of-mouth", "walk-in"];

    /// <summary>The sources an advisor records herself (partners post referrals through their own API).</summary>
    public static readonly IReadOnlyList<string> StaffSources = ["information-workshop", "recommendation", "word-of-mouth", "walk-in"];

    public const string OtherTargetGroup = "other";

    public static readonly IReadOnlyList<string> TargetGroups =
        ["job-guarantee-phase-1", "job-guarantee-phase-2", "newly-arrived", OtherTargetGroup];

    public const string UnspecifiedGender = "unspecified";

    public static readonly IReadOnlyList<string> Genders = ["female", "male", "other", UnspecifiedGender];

    public static readonly IReadOnlyList<string> EducationLevels =
        ["none", "primary", "secondary", "post-secondary", "university", "unknown"];

    public static readonly IReadOnlyList<string> LanguageTrainingNeeds = ["none", "basic", "intermediate", "advanced"];

    public static readonly IReadOnlyList<string> Decisions = ["selected", "not-selected", "waiting-list"];

    /// <summary>Why someone was not selected: codes, so that no free text reaches an event or a message.</summary>
    public static readonly IReadOnlyList<string> NotSelectedReasons =
        ["no-permanent-residence-permit", "outside-target-group", "drive-and-will", "declined", "did-not-attend", "other"];

    public static readonly IReadOnlyList<string> OutcomeKinds = ["studies", "internship", "employment", "started-company"];

    public static readonly IReadOnlyList<string> CompanyForms =
        ["sole-trader", "trading-partnership", "limited-company", "economic-association", "non-profit-association"];

    public static readonly IReadOnlyList<string> ExitReasons =
        ["completed", "dropped-out", "moved", "illness", "parental-leave", "other"];

    public static readonly IReadOnlyList<string> FollowUpPoints = ["at-exit", "six-months", "twelve-months"];

    /// <summary>A follow-up where she could not be reached or did not answer: no answer, never a negative outcome.</summary>
    public const string NoAnswer = "no-answer";

    public static readonly IReadOnlyList<string> FollowUpStatuses =
        ["studies", "internship", "employment", "own-company", "job-seeking", "other", NoAnswer];

    public static readonly IReadOnlyList<string> ErasureBases = ["participant-request", "consent-withdrawn", "retention-expired"];

    /// <summary>Age at registration in the bands the MIS reports (they add up to the ESF bands under 25, 25–54, 55+).</summary>
    public static string AgeBand(DateOnly birthDate, DateOnly on)
    {
        var age = on.Year - birthDate.Year - (on < birthDate.AddYears(on.Year - birthDate.Year) ? 1 : 0);
        return age switch
        {
            < 25 => "under-25",
            < 30 => "25-29",
            < 40 => "30-39",
            < 50 => "40-49",
            < 55 => "50-54",
            < 65 => "55-64",
            _ => "65-plus"
        };
    }
}
