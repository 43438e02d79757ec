using System.Net;
using NeemPlatform.Portal;
using NeemPlatform.Portal.Api;
using NeemPlatform.Portal.Components.Shared;

namespace NeemPlatform.Portal.Tests;

public class when_the_portal_shows_figures_and_refusals
{
    [Fact]
    public void plan_totals_match_the_services_rules_to_the_ore()
    {
        var draft = new PlanDraft
        {
            Revenues = [new() { Label = "Lunchlådor", UnitPriceSek = 89.50m, Quantity = 4000m }],
            Costs = [new() { Label = "Råvaror", AmountSek = 160_000m }, new() { Label = "Hyra", AmountSek = 72_000.40m }],
            Investments = [new() { Label = "Ugn", AmountSek = 50_000m }], WorkingCapitalSek = 40_000.55m, OwnFundsSek = 5_000m,
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
}
