using NeemPlatform.Hosting;
using NeemPlatform.Impact.Indicators;

namespace NeemPlatform.Impact;

/// <summary>The closed sets of values the Impact answers use, said in the API document from the same vocabularies.</summary>
public static class ImpactContract
{
    public static readonly IReadOnlyList<string> Statuses = ["below", "met", "within", "above"];

    public static ApiSchemaFacts Facts() => new ApiSchemaFacts()
        .For<Indicator>(new Dictionary<string, FieldFacts>
        {
            ["unit"] = new("How to read the value: a count, or a share (0.8 = 80 %).", IndicatorUnits.All),
            ["status"] = new("Where the value lies against the target: below or met for a minimum; below, within or above for a range.", Statuses)
        })
        .For<SeriesLine>(new Dictionary<string, FieldFacts>
        {
            ["unit"] = new("How to read the values: counts, or shares (0.8 = 80 %).", IndicatorUnits.All)
        });
}
