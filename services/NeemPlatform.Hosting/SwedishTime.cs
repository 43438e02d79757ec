namespace NeemPlatform.Hosting;

/// <summary>The programme's calendar is Swedish: "today" is the date in Europe/Stockholm at a given instant.</summary>
public static class SwedishTime
{
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    public static DateOnly DateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Stockholm).DateTime);
}
