namespace NeemPlatform.Hosting;

/// <summary>The programme's calendar is Swedish: "today" is the date in Europe/Stockholm at a given instant.</summary>
public static class SwedishTime
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static DateOnly DateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Stockholm).DateTime);

    /// <summary>The instant a Swedish calendar day begins.</summary>
    public static DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Stockholm.GetUtcOffset(local));
    }
}
