namespace NeemPlatform.Participant.Participants;

/// <summary>The values the programme records (PROGRAM.md), as they travel in the API.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> Sources =
        ["partner-referral", "information-workshop", "recommendation", "word-of-mouth", "walk-in"];

    public static readonly IReadOnlyList<string> TargetGroups =
        ["job-guarantee-phase-1", "job-guarantee-phase-2", "newly-arrived", "other"];

    public static readonly IReadOnlyList<string> Genders = ["female", "male", "other"];
}
