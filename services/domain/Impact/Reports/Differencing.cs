namespace NeemPlatform.Impact.Reports;

/// <summary>
/// Counts by a personal attribute (gender, foreign background) read as of two dates give away the attribute of whoever joined
/// a network group in between: two dates a day apart often differ by one person. For roles below region manager those counts
/// are therefore given only as of a published month end: one by which at least <see cref="MinimumJoiners"/> people joined
/// since the previous published one, so the difference of any two counts she can read covers at least that many people
/// (the same threshold as the suppressed tables). Region managers and administrators read exact counts on any date.
/// </summary>
public static class Differencing
{
    public const int MinimumJoiners = Research.ResearchEndpoints.SuppressBelow;

    public static bool ReadsExactCounts(ClaimsPrincipal user) => user.HasAnyRole(NeemRoles.RegionManager, NeemRoles.Administrator);

    /// <summary>The published month ends up to <paramref name="asOf"/>, oldest first, from the states as of that date.</summary>
    public static IReadOnlyList<DateOnly> PublishedMonthEnds(IEnumerable<MisParticipant> states, DateOnly asOf)
    {
        var joined = states.Where(p => p.JoinedGroupOn is { } j && j <= asOf).Select(p => p.JoinedGroupOn!.Value).Order().ToList();
        var published = new List<DateOnly>();
        if (joined.Count == 0)
        {
            return published;
        }

        var since = 0;
        var next = 0;
        for (var monthEnd = EndOfMonth(joined[0]); monthEnd <= asOf; monthEnd = EndOfMonth(monthEnd.AddDays(1)))
        {
            for (; next < joined.Count && joined[next] <= monthEnd; next++)
            {
                since++;
            }

            if (since >= MinimumJoiners)
            {
                published.Add(monthEnd);
                since = 0;
            }
        }

        return published;
    }

    /// <summary>The latest published month end on or before <paramref name="asOf"/>, or none yet.</summary>
    public static DateOnly? PublishedOn(IEnumerable<MisParticipant> states, DateOnly asOf) =>
        PublishedMonthEnds(states, asOf) is { Count: > 0 } published ? published[^1] : null;

    private static DateOnly EndOfMonth(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);
}
