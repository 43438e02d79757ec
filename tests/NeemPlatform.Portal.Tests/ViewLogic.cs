using System.Globalization;
using System.Net;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeemPlatform.Hosting;
using NeemPlatform.Portal.Api;
using NeemPlatform.Portal.Components.Shared;

namespace NeemPlatform.Portal.Tests;

public class when_the_portal_shows_figures_and_refusals
{
    [Theory]
    [InlineData("2026-12-07T23:30:00Z", "2026-12-08")] // past midnight in Stockholm (UTC+1) while the server's UTC date is still the 7th
    [InlineData("2026-06-30T22:30:00Z", "2026-07-01")] // summer time (UTC+2)
    [InlineData("2026-12-07T22:59:59Z", "2026-12-07")]
    public void today_is_the_date_in_sweden_whatever_the_servers_zone(string instant, string expected)
    {
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture),
            Dates.TodayAt(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture)));
        Assert.Equal(SwedishTime.DateOf(DateTimeOffset.UtcNow), Dates.TodayDate);
    }

    [Fact]
    public void plan_totals_match_the_services_rules_to_the_ore()
    {
        var draft = new PlanDraft
        {
            Revenues = [new() { Label = "Lunchlådor", UnitPriceSek = 89.50m, Quantity = 4000m }],
            Costs = [new() { Label = "Råvaror", AmountSek = 160_000m }, new() { Label = "Hyra", AmountSek = 72_000.40m }],
            Investments = [new() { Label = "Ugn", AmountSek = 50_000m }],
            WorkingCapitalSek = 40_000.55m,
            OwnFundsSek = 5_000m,
            OpeningBalanceSek = 20_000m
        };
        draft.Inflows[0] = 85_000.55m;
        draft.Outflows[0] = 50_000m;
        draft.Outflows[1] = 60_000m;

        Assert.Equal(358_000m, draft.RevenueSek);
        Assert.Equal(125_999.60m, draft.ResultSek);
        Assert.Equal(10_499.97m, draft.MonthlySurplusSek); // 125 999,60 / 12 = 10 499,9666… → öre, half away from zero
        Assert.Equal(85_000.55m, draft.FinancingNeedSek);
        Assert.Equal(55_000.55m, draft.Balances()[0]);
        Assert.Equal(-4_999.45m, draft.Balances()[1]);
        Assert.Equal(-4_999.45m, draft.Balances()[11]);
    }

    [Fact]
    public void own_funds_above_the_needs_mean_no_financing_need()
    {
        var draft = new PlanDraft { Investments = [new() { AmountSek = 10_000m }], OwnFundsSek = 50_000m };

        Assert.Equal(0m, draft.FinancingNeedSek);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "https://neem.se/problems/validation", "Problem.Invalid")]
    [InlineData(HttpStatusCode.Forbidden, "https://neem.se/problems/other-region", "Problem.OtherRegion")]
    [InlineData(HttpStatusCode.Forbidden, "https://neem.se/problems/forbidden", "Problem.Forbidden")]
    [InlineData(HttpStatusCode.Conflict, "https://neem.se/problems/conflict", "Problem.Conflict")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "https://neem.se/problems/refused", "Problem.Refused")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "https://neem.se/problems/database-unavailable", "Problem.Unavailable")]
    public void a_refusal_becomes_a_message_kind_and_never_shows_the_raw_document(HttpStatusCode status, string type, string kind)
    {
        var problem = ApiProblem.From(status,
            "{\"type\":\"" + type + "\",\"title\":\"x\",\"status\":" + (int)status +
            ",\"detail\":\"Said the service.\",\"errors\":{\"person.firstName\":[\"Required.\"]}}");

        Assert.Equal(kind, problem.Kind);
        Assert.Equal("Said the service.", problem.Detail);
        Assert.Equal(["Required."], problem.Fields["person.firstName"]);
    }

    [Fact]
    public void a_body_that_is_not_a_problem_still_gives_a_message()
    {
        Assert.Equal("Problem.Unavailable", ApiProblem.From(HttpStatusCode.BadGateway, "<html>proxy</html>").Kind);
    }

    [Fact]
    public void money_and_dates_are_written_the_swedish_way_in_either_language()
    {
        Assert.Equal("1\u00a0234,56 kr", Formats.Money(1_234.56m));
        Assert.Equal("\u22124\u00a0999,45 kr", Formats.Money(-4_999.45m)); // Swedish writes a true minus sign
        Assert.Equal("2026-12-02", Formats.Date(new DateOnly(2026, 12, 2)));
        Assert.Equal("2026-12-02", Formats.Date(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero))); // already the 2nd in Stockholm
        Assert.Equal("–", Formats.Money(null));
    }

    private static IStringLocalizer Texts(string culture)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        return new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }),
            NullLoggerFactory.Instance).Create(typeof(Texts));
    }

    [Fact]
    public void every_sentence_of_the_services_shared_validation_rules_is_said_in_swedish()
    {
        // The services' own rules, failing on purpose: if a service rewords one, this test names it.
        var errors = new Validation()
            .Text(null, "required", 10, required: true)
            .Text(new string('x', 11), "line", 10)
            .Text("a\u0007", "lines", 10, multiline: true)
            .Sek(1.234m, "ore")
            .Sek(-1m, "negative")
            .Sek(200_000_000m, "ceiling")
            .Date(new DateOnly(1999, 12, 31), "date")
            .StaffId("Anna Svensson", "staff")
            .OneOf("x", ["a", "b"], "choice")
            .Errors;
        var sv = Texts("sv-SE");

        var said = errors.SelectMany(e => e.Value).Select(m => (m, ServiceWords.Say(m, sv))).ToList();

        Assert.Equal(9, said.Count);
        Assert.All(said, s => Assert.False(s.Item2 is null, $"Not recognised: {s.m}"));
        Assert.Contains(("Required.", "Måste fyllas i."), said);
        Assert.Contains(said, s => s.Item2 == "Högst 10 tecken vanlig text på en rad, utan styrtecken.");
        Assert.Contains(said, s => s.Item2 == "Högst 10 tecken vanlig text, utan styrtecken.");
        Assert.Contains(said, s => s.Item2 == "Högst två decimaler (ören).");
        Assert.Contains(said, s => s.Item2!.StartsWith("Högst 100", StringComparison.Ordinal) && s.Item2.EndsWith(" kr.", StringComparison.Ordinal));
    }

    [Fact]
    public void a_sentence_the_portal_does_not_know_is_left_to_the_service()
    {
        Assert.Null(ServiceWords.Say("The moon is made of cheese.", Texts("sv-SE")));
        Assert.Equal("Gruppen har 7 medlemmar – färre platser än så går inte.",
            ServiceWords.Say("The group has 7 members: its capacity cannot be lower.", Texts("sv-SE")));
        Assert.Equal("Between 1 and 500.", ServiceWords.Say("Between 1 and 500.", Texts("en")));
    }

    [Fact]
    public void an_indicator_reads_in_swedish_from_the_portals_texts_and_in_english_as_the_service_says_it()
    {
        var women = new NeemPlatform.Clients.Impact.Models.Indicator
        {
            Key = "share-of-women",
            Name = "Share of women",
            Definition = "Women over all in groups.",
            Population = "In groups.",
            Unit = NeemPlatform.Clients.Impact.Models.Indicator_unit.Share,
            Numerator = 18,
            Denominator = 20,
            Value = 0.9m
        };
        var unknown = new NeemPlatform.Clients.Impact.Models.Indicator { Key = "a-new-indicator", Name = "A new indicator", Definition = "New." };

        var sv = Texts("sv-SE");
        Assert.Equal("Andel kvinnor", Components.Dashboard.IndicatorWords.Name(sv, women.Key, women.Name));
        Assert.StartsWith("Deltagare i nätverksgrupper vars kön är kvinna", Components.Dashboard.IndicatorWords.Definition(sv, women));
        Assert.Equal("A new indicator", Components.Dashboard.IndicatorWords.Name(sv, unknown.Key, unknown.Name)); // not yet in the texts
        Assert.Equal("90,0 %", Components.Dashboard.IndicatorWords.Value(women.Value, women.Unit));
        Assert.Equal("18 av 20", Components.Dashboard.IndicatorWords.Basis(sv, women));
        Assert.Equal("minst 80,0 %", Components.Dashboard.IndicatorWords.Target(sv, new() { Min = 0.8m }, women.Unit));
        Assert.Equal("20,0–30,0 %", Components.Dashboard.IndicatorWords.Target(sv, new() { Min = 0.2m, Max = 0.3m }, women.Unit));
        Assert.Equal("minst 1 200", Components.Dashboard.IndicatorWords.Target(sv, new() { Min = 1200m },
            NeemPlatform.Clients.Impact.Models.Indicator_unit.Count).Replace('\u00a0', ' '));
        var en = Texts("en");
        Assert.Equal("Share of women", Components.Dashboard.IndicatorWords.Name(en, women.Key, women.Name));
        Assert.Equal("Women over all in groups.", Components.Dashboard.IndicatorWords.Definition(en, women));
        Assert.Equal("at least 80,0 %", Components.Dashboard.IndicatorWords.Target(en, new() { Min = 0.8m }, women.Unit));
    }
}

public class when_a_portal_decides_which_pages_it_answers
{
    private static readonly Portal.Signing.PortalInstance National = new("national");
    private static readonly Portal.Signing.PortalInstance Stockholm = new("stockholm");

    [Theory]
    [InlineData("/participants")]
    [InlineData("/PARTICIPANTS")]
    [InlineData("//participants")]
    [InlineData("/participants/new")]
    [InlineData("/audit/identity-reveals.csv")]
    [InlineData("/research/studies/1/history")]
    [InlineData("/admin/feed-consumers")]
    [InlineData("/loans/x.csv")]
    public void the_national_portal_answers_no_regional_page_however_it_is_spelled(string path) =>
        Assert.False(National.Answers(path));

    [Theory]
    [InlineData("/national")]
    [InlineData("/NATIONAL")]
    [InlineData("//national")]
    [InlineData("/national/")]
    [InlineData("///National")]
    public void a_regional_portal_answers_no_national_page_however_it_is_spelled(string path) =>
        Assert.False(Stockholm.Answers(path));

    [Theory]
    [InlineData("/")]
    [InlineData("/national")]
    [InlineData("/signin")]
    [InlineData("/reports/participants.csv")]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/Radzen.Blazor/Radzen.Blazor.js")]
    public void the_national_portal_answers_its_own_pages_and_files(string path) => Assert.True(National.Answers(path));
}
