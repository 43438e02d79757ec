using System.Globalization;
using NeemPlatform.Hosting;

namespace NeemPlatform.TestSupport;

/// <summary>
/// "Today" as the services see it: the date in Sweden now (<see cref="SwedishTime.DateOf"/>). The machine's own date
/// (<c>DateTime.Today</c> on a UTC machine) is the day before between 23:00 and 01:00 UTC, and a test that sends it would see
/// an interview dated before the registration the service dated today.
/// </summary>
public static class SwedishToday
{
    public static DateOnly Date => SwedishTime.DateOf(DateTimeOffset.UtcNow);

    /// <summary>Its midnight, for arithmetic on days and months.</summary>
    public static DateTime Midnight => Date.ToDateTime(TimeOnly.MinValue);

    /// <summary>As an API takes it: yyyy-MM-dd.</summary>
    public static string Text => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
