using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeemPlatform.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

/// <summary>Complaints, messages to her and the plan after the loan, in the portal.</summary>
[Collection("portal")]
public class the_programmes_operations_in_the_portal(PortalPlatform platform, ITestOutputHelper output)
{
    private static readonly string Today = SwedishToday.Midnight.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task a_complaint_from_her_is_registered_from_her_page_is_overdue_on_the_worklist_and_is_answered_and_closed()
    {
        var (id, name) = await platform.PartnerReferralAsync();
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Maria Regionchef", "region-manager");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByRole(AriaRole.Link, new() { Name = "Registrera ett klagomål från henne" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrera klagomålet" })).ToBeEnabledAsync();
        await Expect(page.GetByTestId("complaint-about")).ToContainTextAsync(name);

        var summary = $"Hon fick vänta tre veckor på svar om sitt lån ({Guid.NewGuid():N})"[..60];
        await page.GetByLabel("Kategori").SelectOptionAsync(new SelectOptionValue { Label = "Återbetalning och indrivning" });
        await page.GetByLabel("Mottaget").FillAsync(SwedishToday.Midnight.AddDays(-20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Vad klagomålet gäller").FillAsync(summary);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera klagomålet" }).ClickAsync();
        var complaint = page.Locator("article", new() { HasText = summary });
        await Expect(complaint).ToContainTextAsync("försenat");
        await Expect(complaint.GetByTestId("complaint-participant")).ToHaveTextAsync(name); // by name, not by id
        await page.AccessibleAsync("50-complaints", output);

        // The region manager's worklist counts it among the overdue.
        await page.GotoAsync(platform.PortalUrl + "/");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.True(int.Parse(await page.Locator("[data-count='OverdueComplaints']").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await page.GetByRole(AriaRole.Link, new() { Name = "klagomål som passerat svarstiden" }).ClickAsync();
        // The register's page is live once its buttons are (the worklist's ready mark may still be in the page before).
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrera klagomålet" })).ToBeEnabledAsync();
        complaint = page.Locator("article", new() { HasText = summary });
        await complaint.GetByLabel("Handläggare").SelectOptionAsync(new SelectOptionValue { Label = "Maria Regionchef" });
        await Expect(complaint).ToContainTextAsync("handläggare Maria Regionchef");
        await complaint.GetByLabel("Svar").FillAsync("Vi ber om ursäkt och har gett henne en ny tid hos långivaren.");
        await complaint.GetByLabel("Svar").BlurAsync();
        await complaint.GetByRole(AriaRole.Button, new() { Name = "Spara svaret" }).ClickAsync();
        await Expect(complaint).ToHaveCountAsync(0); // answered, it leaves the overdue list
        await page.GetByLabel("Visa").SelectOptionAsync(new SelectOptionValue { Label = "Alla" });
        complaint = page.Locator("article", new() { HasText = summary });
        await Expect(complaint).ToContainTextAsync("Vi ber om ursäkt");
        await complaint.GetByLabel("Utfall").SelectOptionAsync(new SelectOptionValue { Label = "bifallet" });
        await complaint.GetByRole(AriaRole.Button, new() { Name = "Avsluta klagomålet" }).ClickAsync();
        await Expect(complaint).ToContainTextAsync($"Avslutat: bifallet, {Today}");
        await page.AccessibleAsync("51-complaint-closed", output);
    }

    [Fact]
    public async Task what_was_sent_to_her_is_on_her_page_and_her_language_is_chosen_there()
    {
        var (id, _) = await platform.PartnerReferralAsync();
        var staff = await platform.StaffAsync("participant", "advisor", "hanna.r.dgivare");
        var workshop = await (await staff.PostAsJsonAsync("/api/workshops", new { scheduledOn = Today, place = "Fittja bibliotek" })).Content.ReadFromJsonAsync<JsonElement>();
        (await staff.PostAsJsonAsync($"/api/workshops/{workshop.GetProperty("id").GetGuid()}/invitations", new { participantIds = new[] { id } }))
            .EnsureSuccessStatusCode();

        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Hanna Rådgivare");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("message-history")).ToContainTextAsync("Inbjudan till informationsträff");

        await page.GetByLabel("Språk i meddelanden").SelectOptionAsync(new SelectOptionValue { Label = "Lättläst svenska" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }).ClickAsync();
        for (var i = 0; i < 50; i++)
        {
            var history = await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}/messages");
            if (history.GetProperty("language").GetString() == "sv-plain")
            {
                break;
            }

            await Task.Delay(200);
        }

        var saved = await staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}/messages");
        Assert.Equal("sv-plain", saved.GetProperty("language").GetString());
        await page.AccessibleAsync("52-messages", output);
    }

    [Fact]
    public async Task after_the_loan_her_advisor_writes_a_new_version_of_the_plan_and_the_approved_one_stays()
    {
        var id = await platform.BorrowerAsync(lastName: "Versionsdotter" + Random.Shared.Next(1000, 9999));
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Hanna Rådgivare");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}/business-plan");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("plan-approved")).ToContainTextAsync("godkändes");

        await page.GetByRole(AriaRole.Button, new() { Name = "Skriv en ny version av planen" }).ClickAsync();
        await Expect(page.GetByTestId("plan-revising")).ToContainTextAsync("version 2");
        await page.GetByLabel("Antal 1").FillAsync("5000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara den nya versionen" }).ClickAsync();
        await Expect(page.GetByTestId("plan-revisions")).ToContainTextAsync("Version 2");
        await Expect(page.GetByTestId("plan-revisions")).ToContainTextAsync("Hanna Rådgivare");
        await page.AccessibleAsync("53-plan-after-the-loan", output);

        var coaching = await platform.StaffAsync("coaching", "advisor", "check");
        var approved = await coaching.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}/business-plan");
        var revision = (await coaching.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}/business-plan/revisions"))[0];
        Assert.Equal(4_000m, approved.GetProperty("figures").GetProperty("incomeStatement").GetProperty("revenues")[0].GetProperty("quantity").GetDecimal());
        Assert.Equal(5_000m, revision.GetProperty("plan").GetProperty("figures").GetProperty("incomeStatement").GetProperty("revenues")[0].GetProperty("quantity").GetDecimal());
    }
}
