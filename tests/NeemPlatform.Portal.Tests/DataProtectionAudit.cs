using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class the_data_protection_officers_audit(PortalPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task the_officer_finds_a_reveal_and_an_erasure_made_in_this_test_by_the_staff_members_name_and_exports_them_safely()
    {
        // A region manager signs in (the directory learns her name), then reveals one participant's number and erases another's data.
        await using var managers = await platform.Browser.NewContextAsync();
        await platform.SignedInAsync(managers, "Maria Regionchef", "region-manager");
        var maria = await platform.StaffAsync("participant", "region-manager", "maria.regionchef");
        var revealed = await platform.CoachedParticipantAsync(modules: 1);
        var erased = await platform.CoachedParticipantAsync(modules: 1);
        var reason = $"=HYPERLINK(\"https://evil.example\") kontroll {Guid.NewGuid():N}"[..60];
        (await maria.PostAsJsonAsync($"/api/participants/{revealed}/identity-number", new { purpose = "identity-check", reason })).EnsureSuccessStatusCode();
        (await maria.PostAsJsonAsync($"/api/participants/{erased}/erasure", new { basis = "participant-request", erasedOn = Seeding.Today }))
            .EnsureSuccessStatusCode();

        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Dora Dataskydd", "data-protection-officer");
        await Expect(page.Locator("[data-count='Reveals30']")).Not.ToHaveTextAsync("0");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Deltagare" })).ToHaveCountAsync(0); // no participant work

        await page.GetByRole(AriaRole.Link, new() { Name = "Granskning av personuppgifter" }).First.ClickAsync();
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("Medarbetare").SelectOptionAsync(new SelectOptionValue { Label = "Maria Regionchef" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa", Exact = true }).ClickAsync();

        var reveals = page.GetByRole(AriaRole.Grid, new() { Name = "Visade personnummer" });
        var row = reveals.Locator("tr", new() { HasText = reason });
        await Expect(row).ToContainTextAsync("Maria Regionchef");
        await Expect(row).ToContainTextAsync("Identitetskontroll");
        await Expect(row).ToContainTextAsync("Visat");
        await Expect(row).ToContainTextAsync(revealed.ToString());
        await Expect(reveals.Locator("[data-staff]:not([data-staff='maria.regionchef'])")).ToHaveCountAsync(0); // the filter holds
        var erasures = page.GetByRole(AriaRole.Grid, new() { Name = "Raderingar" });
        var erasure = erasures.Locator("tr", new() { HasText = erased.ToString() });
        await Expect(erasure).ToContainTextAsync("Maria Regionchef");
        await Expect(erasure).ToContainTextAsync("Hennes begäran");
        await Expect(erasure.Locator("[data-removed='personal-data-record']")).ToBeVisibleAsync();
        Assert.DoesNotContain("Planberg", await page.ContentAsync()); // she is audited by id, never by name
        await page.AccessibleAsync("42-audit", output);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Exportera visade personnummer som CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("at,staff_id,staff_name,role,participant_id,purpose,reason,outcome\n", csv);
        var line = csv.Split('\n').Single(l => l.Contains(revealed.ToString(), StringComparison.Ordinal));
        Assert.Contains("\"maria.regionchef\",\"Maria Regionchef\"", line);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\")", line); // a formula stays text in a spreadsheet
        Assert.DoesNotContain("Planberg", csv);
    }

    [Fact]
    public async Task an_advisor_reaches_neither_the_audit_nor_its_export_and_a_bad_filter_is_refused_naming_it()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var advisor = await platform.SignedInAsync(context, "Greta Rådgivare", "advisor");
        await Expect(advisor.GetByRole(AriaRole.Link, new() { Name = "Granskning av personuppgifter" })).ToHaveCountAsync(0);
        await advisor.GotoAsync(platform.PortalUrl + "/audit");
        await Expect(advisor.GetByRole(AriaRole.Heading, new() { Name = "Ingen behörighet" })).ToBeVisibleAsync();
        var refused = await advisor.APIRequest.GetAsync(platform.PortalUrl + "/audit/identity-reveals.csv", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, refused.Status);
        Assert.DoesNotContain("staff_id", await refused.TextAsync());

        await using var officers = await platform.Browser.NewContextAsync();
        var officer = await platform.SignedInAsync(officers, "Dora Dataskydd", "data-protection-officer");
        foreach (var (query, field) in new[] { ("from=2026-02-30", "from"), ("staffId=Anna%20Svensson", "staffId") })
        {
            var bad = await officer.APIRequest.GetAsync(platform.PortalUrl + "/audit/identity-reveals.csv?" + query);
            Assert.Equal(400, bad.Status);
            Assert.True(JsonDocument.Parse(await bad.TextAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }
}
