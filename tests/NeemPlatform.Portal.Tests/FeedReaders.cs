using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class the_readers_of_the_mis_feed(PortalPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task an_administrator_registers_a_reader_whose_key_is_shown_once_the_data_protection_officer_sees_its_reads_and_a_revoked_key_is_refused()
    {
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Alva Admin", "administrator");
        var reader = $"Uppföljningsstudien {Guid.NewGuid():N}"[..26];

        await page.GetByRole(AriaRole.Link, new() { Name = "MIS-flödets läsare" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Skapa nyckel" })).ToBeEnabledAsync();
        // The researcher's key from the server's configuration: listed, not revocable here.
        await Expect(page.Locator("tr[data-consumer=research]")).ToContainTextAsync("I serverns konfiguration");
        await page.GetByLabel("Namn").FillAsync(reader);
        await page.GetByLabel("Syfte").FillAsync("Återläsning av historiken för uppföljningsforskningen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa nyckel" }).ClickAsync();
        var key = await page.GetByTestId("issued-feed-key").InnerTextAsync();
        Assert.StartsWith("neemfeed_", key);
        await Expect(page.Locator($"tr[data-consumer='{reader}']")).ToContainTextAsync("Alva Admin");
        Assert.DoesNotContain("0001-01-01", await page.Locator($"tr[data-consumer='{reader}']").InnerTextAsync()); // never read: no date
        await page.AccessibleAsync("46-feed-readers", output);

        // The key reads the feed; a name that differs only in case gets no second key.
        var feed = platform.App.CreateHttpClient("impact");
        feed.DefaultRequestHeaders.Add("X-Feed-Key", key);
        Assert.True((await feed.GetAsync("/api/mis/feed?limit=10")).IsSuccessStatusCode);
        await page.GetByLabel("Namn").FillAsync(reader.ToUpperInvariant());
        await page.GetByLabel("Syfte").FillAsync("En andra nyckel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa nyckel" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("issued-feed-key")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(page.Locator($"tr[data-consumer='{reader}']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("issued-feed-key")).ToHaveCountAsync(0); // never shown again
        Assert.DoesNotContain(key, await page.ContentAsync());

        // The data-protection officer sees today's read by the reader's name.
        await using var dpoContext = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var dpo = await platform.SignedInAsync(dpoContext, "Dora Dataskydd", "data-protection-officer");
        await dpo.GotoAsync(platform.PortalUrl + "/audit");
        await Expect(dpo.GetByRole(AriaRole.Heading, new() { Name = "Läsningar av MIS-flödet" })).ToBeVisibleAsync();
        await Expect(dpo.GetByText(reader)).ToBeVisibleAsync();

        // Revoked: refused from the next request.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Återkalla: {reader}" }).ClickAsync();
        await Expect(page.Locator($"tr[data-consumer='{reader}']")).ToContainTextAsync("Återkallad");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await feed.GetAsync("/api/mis/feed?limit=10")).StatusCode);
    }
}
