using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class a_coaching_that_changes_course(PortalPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task the_advisor_reopens_an_approved_module_with_a_reason_and_records_that_she_left_the_coaching()
    {
        var id = await platform.CoachedParticipantAsync(modules: 1); // her first module approved, the coaching goes on
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Sara Rådgivare");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}/coaching");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var first = page.Locator("section.module").First;
        var title = (await first.Locator("h3").InnerTextAsync()).Split(". ", 2)[1];
        await Expect(first.Locator(".approved")).ToBeVisibleAsync();

        // Reopening says why; the module is open again, waiting for a new approval.
        await first.GetByLabel($"Varför: {title}").FillAsync("Hon vill gå igenom budgeten igen efter nya offerter.");
        await first.GetByRole(AriaRole.Button, new() { Name = $"Öppna modulen igen: {title}" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = $"Godkänn modulen: {title}" })).ToBeVisibleAsync();
        await page.AccessibleAsync("25-coaching-reopened", output);

        // She got a job and leaves the coaching early.
        await page.GetByLabel("Skäl", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "fick arbete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera avbrott" }).ClickAsync();
        await Expect(page.GetByTestId("dropped-out")).ToContainTextAsync("fick arbete");
    }
}
