using NeemPlatform.TestSupport;

namespace NeemPlatform.Lending.Tests;

/// <summary>The lending service's OpenAPI document is the published contract, and Redocly's recommended rules find no error in it.</summary>
public class the_lending_contract(LendingService service) : IClassFixture<LendingService>
{
    [Fact]
    public async Task is_what_the_service_serves_and_lints_clean()
    {
        await PublishedContract.AssertPublishedAsync(service);

        var (errors, report) = await PublishedContract.LintAsync("lending");
        Assert.True(errors == 0, report);
    }

    [Theory]
    [InlineData("participant")]
    [InlineData("coaching")]
    [InlineData("lending")]
    [InlineData("impact")]
    public async Task every_error_of_every_operation_says_it_is_problem_json_with_its_schema_whichever_operation_is_described_first(string contract)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(PublishedContract.PathOf(contract)))!;
        var errors = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (Operation: $"{o.Key} {p.Key}", o.Value)))
            .SelectMany(o => o.Value!["responses"]!.AsObject().Where(r => r.Key[0] == '4').Select(r => (Where: $"{o.Operation} {r.Key}", Response: r.Value!)))
            .ToList();

        Assert.True(errors.Count > 20, $"{errors.Count} error responses");
        Assert.Empty(errors.Where(e => e.Response["content"]?["application/problem+json"]?["schema"] is null).Select(e => e.Where));
    }

    [Fact]
    public async Task every_amount_is_an_exact_decimal_so_generated_clients_never_hold_money_as_a_double()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(PublishedContract.PathOf("lending")))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var amounts = schemas.SelectMany(s => s.Value!["properties"]?.AsObject().Where(p => p.Key.EndsWith("Sek", StringComparison.Ordinal))
            .Select(p => (Where: $"{s.Key}.{p.Key}", Format: p.Value!["format"]?.GetValue<string>())) ?? []).ToList();

        Assert.True(amounts.Count > 20, $"{amounts.Count} amounts");
        Assert.All(amounts, a => Assert.True(a.Format == "decimal", $"{a.Where}: {a.Format}"));
    }
}

/// <summary>The Lending service's code generated ahead of time (loaded outside Development) is what its code generates now.</summary>
public class the_lending_generated_code
{
    [Fact]
    public Task is_what_the_handlers_and_endpoints_generate_now() => NeemPlatform.TestSupport.GeneratedCodeCheck.AssertCurrentAsync("Lending");
}
