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
}
