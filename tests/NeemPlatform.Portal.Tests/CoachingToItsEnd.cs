using System.Net.Http.Json;
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

    [Fact]
    public async Task the_advisor_plans_an_individual_session_on_a_module_and_marks_it_held_and_her_journey_shows_it()
    {
        var id = await platform.CoachedParticipantAsync(modules: 0);
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Sara Rådgivare");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}/coaching");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Enskilda samtal" });
        await Expect(section).ToContainTextAsync("Inga enskilda samtal än.");

        var module = (await page.Locator("section.module h3").First.InnerTextAsync()).Split(". ", 2)[1];
        await section.GetByLabel("Samtalets längd i timmar").FillAsync("1.5");
        await section.GetByLabel("Modul").SelectOptionAsync(new SelectOptionValue { Label = $"1. {module}" });
        await section.GetByRole(AriaRole.Button, new() { Name = "Planera samtalet" }).ClickAsync();
        var row = section.GetByTestId("individual-sessions").Locator("tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(module);
        await Expect(row).ToContainTextAsync("1,5");
        await page.AccessibleAsync("26-individual-session", output);

        await row.GetByRole(AriaRole.Button, new() { Name = "Genomfört" }).ClickAsync();
        await Expect(row.GetByTestId("individual-status")).ToHaveTextAsync("närvarande");

        // The session is in her journey on her page.
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Träff: närvarande");
    }

    [Fact]
    public async Task the_worklist_opens_the_modules_waiting_for_her_approval_and_each_leads_to_its_checklist()
    {
        var id = await platform.CoachedParticipantAsync(approveModules: false);
        var manager = await platform.StaffAsync("coaching", "region-manager", "manager-plan");
        var assigned = await manager.PutAsJsonAsync($"/api/enrolments/{id}/advisor", new { advisorId = "ulla.r.dgivare" });
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());
        await platform.TickFirstModuleAsync(id);

        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Ulla Rådgivare");
        await Expect(page.Locator("[data-count=ModulesToApprove]")).ToHaveTextAsync("1");
        await page.Locator("a:has([data-count=ModulesToApprove])").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Moduler som väntar på ditt godkännande" })).ToBeVisibleAsync();
        var row = page.GetByTestId("modules-to-approve").Locator("tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Fatou Planberg");
        await page.AccessibleAsync("28-modules-to-approve", output);

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/participants/{id}/coaching"));
        await Expect(page.Locator("section.module").First.GetByRole(AriaRole.Button, new() { Name = "Godkänn modulen:" })).ToBeEnabledAsync();
    }
}
