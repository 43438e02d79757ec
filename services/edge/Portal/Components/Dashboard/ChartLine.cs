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

/// <summary>What the dashboards draw: an indicator's lines from a series, and its targets as dashed lines.</summary>
public static class ChartLines
{
    /// <summary>The lines of these indicators in one scope (a region, or "total").</summary>
    public static IReadOnlyList<ChartLine> Of(Clients.Impact.Models.IndicatorSeries? series, string? scope,
        Microsoft.Extensions.Localization.IStringLocalizer L, params string[] keys) =>
        keys.Select(key => series?.Series?.FirstOrDefault(s => s.Key == key && s.Scope == scope))
            .OfType<Clients.Impact.Models.SeriesLine>()
            .Select(line => ChartLine.Of(line.Key!, IndicatorWords.Name(L, line.Key, line.Name), line.Points ?? [],
                line.Unit == Clients.Impact.Models.SeriesLine_unit.Share))
            .ToList();

    /// <summary>The targets of these indicators in a set, as the chart's dashed lines (shares as percentages).</summary>
    public static IReadOnlyList<(string Title, double Value)> Targets(Clients.Impact.Models.IndicatorSet set,
        Microsoft.Extensions.Localization.IStringLocalizer L, params string[] keys) =>
        keys.Select(key => set.Indicators?.FirstOrDefault(i => i.Key == key))
            .Where(i => i?.Target?.Min is not null)
            .Select(i => (string.Format(System.Globalization.CultureInfo.CurrentCulture, L["Dashboard.TargetOf"], IndicatorWords.Name(L, i!.Key, i.Name),
                    IndicatorWords.Target(L, i.Target, i.Unit)),
                (double)(IndicatorWords.IsShare(i.Unit) ? i.Target!.Min!.Value * 100m : i.Target!.Min!.Value)))
            .ToList();
}
