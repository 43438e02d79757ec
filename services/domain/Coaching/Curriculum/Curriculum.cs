namespace NeemPlatform.Coaching.Curriculum;

/// <summary>A text in Swedish and English.</summary>
public sealed record Text(string Sv, string En);

public sealed record ChecklistItem(string Code, Text Title, bool Mandatory);

/// <summary>
/// A business-development module and the checklist the advisor goes through with the participant when it
/// closes. Modules follow <see cref="Order"/>: each depends on the one before it.
/// </summary>
public sealed record Module(string Code, int Order, Text Title, IReadOnlyList<ChecklistItem> Items);

/// <summary>
/// One version of a region's curriculum. Version 1 is the programme's default (the modules below); a region adds
/// modules or items in a new version, and every enrolment keeps the version it started on.
/// Document id: "{region}/v{version}".
/// </summary>
public sealed record CurriculumVersion(string Id, string Region, int Version, IReadOnlyList<Module> Modules, DateTimeOffset PublishedAt,
    string PublishedBy)
{
    public static string IdFor(string region, int version) => $"{region}/v{version}";

    public Module? Find(string moduleCode) => Modules.FirstOrDefault(m => m.Code == moduleCode);

    /// <summary>The module that must be approved before <paramref name="module"/>, if any.</summary>
    public Module? Before(Module module) => Modules.Where(m => m.Order < module.Order).MaxBy(m => m.Order);
}

/// <summary>Which version of its curriculum a region uses now. Document id: the region.</summary>
public sealed record CurrentCurriculum(string Id, int Version);

/// <summary>The programme's business-development modules and their checklists, as the programme defines them.</summary>
public static class DefaultCurriculum
{
    private static ChecklistItem Item(string code, string sv, string en, bool mandatory = true) => new(code, new Text(sv, en), mandatory);

    public static IReadOnlyList<Module> Modules { get; } =
    [
        new("business-idea", 1, new Text("Affärsidé", "Business idea"),
        [
            Item("idea-described", "Affärsidén är beskriven", "The business idea is described"),
            Item("customer-need", "Kundens behov är formulerat", "The customer need is stated"),
            Item("own-motivation", "Egen drivkraft och mål är formulerade", "Own drive and goals are stated", mandatory: false),
        ]),
        new("product-service", 2, new Text("Produkt/tjänst", "Product/service"),
        [
            Item("industry-knowledge", "Branschkunskap", "Industry knowledge"),
            Item("permits", "Tillstånd", "Permits"),
            Item("product-cycle", "Produktcykel", "Product cycle"),
            Item("pricing", "Prissättning", "Pricing"),
            Item("sales-plan", "Försäljningsplan", "Sales plan"),
        ]),
        new("innovation", 3, new Text("Innovation", "Innovation"),
        [
            Item("unique-value", "Det unika i erbjudandet", "What makes the offer unique"),
        ]),
        new("premises-equipment", 4, new Text("Lokaler och utrustning", "Premises and equipment"),
        [
            Item("premises", "Lokalbehov", "Premises needed"),
            Item("equipment", "Utrustning och inköp", "Equipment and purchases"),
        ]),
        new("market", 5, new Text("Marknad, kunder, konkurrenter", "Market, customers, competitors"),
        [
            Item("market", "Marknaden", "The market"),
            Item("customers", "Kunderna", "The customers"),
            Item("competitors", "Konkurrenterna", "The competitors"),
        ]),
        new("marketing", 6, new Text("Marknadsföring", "Marketing"),
        [
            Item("channels", "Kanaler och budskap", "Channels and message"),
            Item("marketing-plan", "Marknadsföringsplan", "Marketing plan"),
        ]),
        new("regulations", 7, new Text("Regelverk", "Regulations"),
        [
            Item("company-form", "Bolagsform", "Company form"),
            Item("taxes-vat", "Skatter och moms", "Taxes and VAT"),
            Item("insurance", "Försäkringar", "Insurance"),
            Item("employer-responsibilities", "Arbetsgivaransvar", "Employer responsibilities"),
            Item("bookkeeping", "Bokföring", "Bookkeeping"),
            Item("pension", "Pension", "Pension"),
        ]),
        new("budget", 8, new Text("Budget", "Budget"),
        [
            Item("income-statement", "Resultatbudget", "Income statement"),
            Item("liquidity-budget", "Likviditetsbudget", "Liquidity budget"),
            Item("capital-needs", "Kapitalbehov", "Capital needs"),
        ]),
    ];

    public static CurriculumVersion For(string region, DateTimeOffset at) =>
        new(CurriculumVersion.IdFor(region, 1), region, 1, Modules, at, "programme");
}
