using NeemPlatform.Clients.Impact.Models;

namespace NeemPlatform.Portal.Components.Dashboard;

/// <summary>
/// An indicator as staff read it: in Swedish, its name, definition and population from the portal's texts by its key (the
/// service's words for a key the texts do not know yet); in English, the service's own words, which are English. Its value
/// and target as a count or a percentage, as the service's unit says.
/// </summary>
public static class IndicatorWords
{
    public static string Name(IStringLocalizer L, string? key, string? fallback) => Text(L, $"Indicator.{key}", fallback);

    public static string Definition(IStringLocalizer L, Indicator i) => Text(L, $"Indicator.{i.Key}.Definition", i.Definition);

    public static string Population(IStringLocalizer L, Indicator i) => Text(L, $"Indicator.{i.Key}.Population", i.Population);

    public static string Status(IStringLocalizer L, Indicator_status? status) =>
        status is null ? "–" : L[$"IndicatorStatus.{ServiceClients.Wire(status)}"];

    public static bool IsShare(Indicator_unit? unit) => unit == Indicator_unit.Share;

    public static string Value(decimal? value, Indicator_unit? unit) =>
        value is not { } v ? "–"
        : IsShare(unit) ? Percent(v)
        : v.ToString("#,##0", PortalModule.Swedish);

    public static string Percent(decimal share) => (share * 100m).ToString("0.0", PortalModule.Swedish) + " %";

    /// <summary>The target as a minimum ("minst 80,0 %") or a range ("20,0–30,0 %").</summary>
    public static string Target(IStringLocalizer L, Target? target, Indicator_unit? unit)
    {
        if (target?.Min is not { } min)
        {
            return L["Dashboard.NoTarget"];
        }

        return target.Max is { } max
            ? $"{Value(min, unit).Replace(" %", "", StringComparison.Ordinal)}–{Value(max, unit)}"
            : string.Format(CultureInfo.CurrentCulture, L["Dashboard.AtLeast"], Value(min, unit));
    }

    /// <summary>The numerator over the denominator of a share ("18 av 20"); a count is its own basis.</summary>
    public static string Basis(IStringLocalizer L, Indicator i) =>
        IsShare(i.Unit)
            ? string.Format(CultureInfo.CurrentCulture, L["Dashboard.OutOf"], Value(i.Numerator, Indicator_unit.Count), Value(i.Denominator, Indicator_unit.Count))
            : "";

    private static string Text(IStringLocalizer L, string name, string? serviceWords) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "sv" && L[name] is { ResourceNotFound: false } text
            ? text.Value
            : serviceWords ?? name;
}
