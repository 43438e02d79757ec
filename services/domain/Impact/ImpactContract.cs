namespace NeemPlatform.Impact;

/// <summary>The closed sets of values the Impact answers use, said in the API document from the same vocabularies.</summary>
public static class ImpactContract
{
    public static readonly IReadOnlyList<string> Statuses = ["below", "met", "within", "above", "withheld"];

    public static ApiSchemaFacts Facts() => new ApiSchemaFacts()
        .For<Indicator>(new Dictionary<string, FieldFacts>
        {
            ["unit"] = new("How to read the value: a count, or a share (0.8 = 80 %).", IndicatorUnits.All),
            ["status"] = new("Where the value lies against the target: below or met for a minimum; below, within or above for a range; " +
                             "withheld when a count by a personal attribute has no published month end yet for your role.", Statuses),
            ["programmeTarget"] = new("In a region's figures, the whole programme's target for the indicator where it differs from the region's " +
                                      "(the national total beside the per-region target); none in the programme's own total."),
            ["countedOn"] = new("The date the figures are counted at, when not the report's: counts by gender or foreign background for " +
                                "roles below region manager are given as of the last month end by which at least 5 people joined since the previous one.")
        })
        .For<SeriesLine>(new Dictionary<string, FieldFacts>
        {
            ["unit"] = new("How to read the values: counts, or shares (0.8 = 80 %).", IndicatorUnits.All)
        })
        .For<Reports.Step>(new Dictionary<string, FieldFacts>
        {
            ["key"] = new("What the step counts: exclusion costs avoided for one payer, or what the started companies bring.", Reports.StepKeys.All)
        })
        .For<Feed.FeedConsumerView>(new Dictionary<string, FieldFacts>
        {
            ["source"] = new("Where the consumer's key comes from: the server's configuration (changed there), or registered in the portal " +
                             "(revocable here).", Feed.FeedConsumerRules.Sources)
        });
}
