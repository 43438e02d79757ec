namespace NeemPlatform.Portal.Api;

/// <summary>What the portal's downloads share: reading a date from the query, naming the field when it is not one.</summary>
public static class PortalDownloads
{
    /// <summary>A date (yyyy-MM-dd, 2000–2100) from the query; an error named after the field when it is not; none when left out and optional.</summary>
    public static DateOnly? Day(string? value, string name, Dictionary<string, string[]> errors, bool required = true)
    {
        if (!required && string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100)
        {
            return day;
        }

        errors[name] = ["A date (yyyy-MM-dd) between 2000 and 2100."];
        return null;
    }

    /// <summary>The Kiota date of a day.</summary>
    public static Microsoft.Kiota.Abstractions.Date? Date(DateOnly? day) =>
        day is { } d ? new Microsoft.Kiota.Abstractions.Date(d.ToDateTime(TimeOnly.MinValue)) : null;
}
