[assembly: System.Resources.NeutralResourcesLanguage("sv")]

namespace NeemPlatform.Portal;

/// <summary>The portal's words: Resources/Texts.resx (Swedish, the default) and Texts.en.resx (English).</summary>
public sealed class Texts;

/// <summary>Dates and money as Swedes write them, whatever language the page is in: 2026-12-02, 1 234,56 kr.</summary>
public static class Formats
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "–";

    /// <summary>A calendar date as the generated clients read it.</summary>
    public static string Date(Microsoft.Kiota.Abstractions.Date? date) => date is { } d ? Date(new DateOnly(d.Year, d.Month, d.Day)) : "–";

    public static string Date(DateTimeOffset? instant) =>
        instant is { } i ? Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(i, Stockholm).DateTime)) : "–";

    /// <summary>A moment in Swedish time, to the minute ("2026-12-07 17:05").</summary>
    public static string Instant(DateTimeOffset? instant) =>
        instant is { } i ? TimeZoneInfo.ConvertTime(i, Stockholm).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "–";

    public static string Money(decimal? amount) =>
        amount is { } a ? a.ToString("#,##0.00", PortalModule.Swedish) + " kr" : "–";

    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
}
