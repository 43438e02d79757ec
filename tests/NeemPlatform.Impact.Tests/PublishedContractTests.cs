using NeemPlatform.TestSupport;

namespace NeemPlatform.Impact.Tests;

/// <summary>The impact service's OpenAPI document is the published contract, and Redocly's recommended rules find no error in it.</summary>
public class the_impact_contract(ImpactService service) : IClassFixture<ImpactService>
{
    [Fact]
    public async Task is_what_the_service_serves_and_lints_clean()
    {
        await PublishedContract.AssertPublishedAsync(service);

        var (errors, report) = await PublishedContract.LintAsync("impact");
        Assert.True(errors == 0, report);
    }
}

/// <summary>The Impact service's code generated ahead of time (loaded outside Development) is what its code generates now.</summary>
public class the_impact_generated_code
{
    [Fact]
    public Task is_what_the_handlers_and_endpoints_generate_now() => NeemPlatform.TestSupport.GeneratedCodeCheck.AssertCurrentAsync("Impact");
}
