namespace NeemPlatform.Portal.Components.Dashboard;

/// <summary>One point of a chart: a month (yyyy-MM) and its value (a percentage for shares).</summary>
public sealed record ChartPoint(string Month, double Value);

/// <summary>One line of a chart: the indicator it shows, its title, and its points (a month without a value has none).</summary>
public sealed record ChartLine(string Key, string Title, IReadOnlyList<ChartPoint> Points)
{
    /// <summary>The line of one indicator's series: shares as percentages, months without a value left out.</summary>
    public static ChartLine Of(string key, string title, IEnumerable<Clients.Impact.Models.SeriesPoint> points, bool percent) =>
        new(key, title, points
            .Where(p => p.Value is not null && p.Month is not null)
            .Select(p => new ChartPoint(p.Month!, (double)(percent ? decimal.Round(p.Value!.Value * 100m, 1) : p.Value!.Value)))
            .ToList());
}
