using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class the_researchers_workbench(PortalPlatform platform, ITestOutputHelper output)
{
    /// <summary>A participant referred, interviewed and selected by an advisor, once the MIS has her facts: her id, number and names.</summary>
    private async Task<(Guid Id, string Number, string FirstName, string LastName)> InTheHistoryAsync()
    {
        var advisor = await platform.StaffAsync("participant", "advisor", "advisor-research");
        var number = People.Number(new DateOnly(1979, 1, 1), 3000);
        var lastName = "Forskningsdotter" + Random.Shared.Next(1000, 9999);
        var registered = await (await advisor.PostAsJsonAsync("/api/participants", new
        {
            source = "walk-in",
            person = new
            {
                personalIdentityNumber = number,
                firstName = "Amina",
                lastName,
                municipality = "Solna",
                targetGroup = "newly-arrived",
                permanentResidencePermit = true,
                consent = true,
                phone = "070-333 44 55",
                gender = "female",
                bornAbroad = true
            }
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = registered.GetProperty("participantId").GetGuid();
        (await advisor.PostAsJsonAsync($"/api/participants/{id}/interview", new { interviewedOn = Seeding.Today, drive = 4, will = 5 })).EnsureSuccessStatusCode();
        (await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = Seeding.Today })).EnsureSuccessStatusCode();
        var manager = await platform.StaffAsync("impact", "region-manager", "manager-research");
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(500))
        {
            var history = await manager.GetAsync($"/api/mis/participants/{id}");
            if (history.StatusCode == HttpStatusCode.OK
                && (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetProperty("selectedOn").ValueKind == JsonValueKind.String)
            {
                break;
            }
        }

        return (id, number, "Amina", lastName);
    }

    [Fact]
    public async Task a_researcher_opens_a_study_sees_what_its_export_holds_and_downloads_it_without_a_name_a_number_or_a_staff_id()
    {
        await platform.SomeoneInANetworkGroupInTheMisAsync(); // someone in a group, joined this month
        var (id, number, firstName, lastName) = await InTheHistoryAsync();
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Rut Forskare", "researcher");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Deltagare" })).ToHaveCountAsync(0); // no participant work

        await page.GetByRole(AriaRole.Link, new() { Name = "Forskning" }).ClickAsync();
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var study = $"Uppföljning {Guid.NewGuid():N}"[..20];
        await page.GetByLabel("Studiens namn").FillAsync(study);
        await page.GetByRole(AriaRole.Button, new() { Name = "Öppna en ny studie" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = study })).ToBeVisibleAsync();

        await page.GetByLabel("Studie", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = study });
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa vad uttaget innehåller" }).ClickAsync();
        await Expect(page.GetByTestId("export-size")).ToContainTextAsync("rader om");
        await Expect(page.Locator("tr[data-type='SelectionRecorded']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-type]")).Not.ToContainTextAsync(["participantId"]);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Ladda ner som NDJSON" }).ClickAsync());
        var ndjson = await File.ReadAllTextAsync(await download.PathAsync());
        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Ladda ner som CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await csvDownload.PathAsync());

        Assert.Contains("\"type\":\"SelectionRecorded\"", ndjson);
        Assert.StartsWith("participant,type,region,happened_on,recorded_on,facts\n", csv);
        foreach (var text in new[] { ndjson, csv })
        {
            foreach (var needle in new[] { number, number.Replace("-", ""), number[2..], firstName, lastName, id.ToString(), "advisor-research", "manager-research" })
            {
                Assert.DoesNotContain(needle, text);
            }
        }

        // Everyone here joined a group this month: for a researcher no month end is published yet, so nothing is counted.
        await page.GetByRole(AriaRole.Button, new() { Name = "Räkna" }).ClickAsync();
        await Expect(page.GetByTestId("aggregate-empty")).ToContainTextAsync("minst fem personer");
        await Expect(page.GetByTestId("aggregate")).ToHaveCountAsync(0);
        await page.AccessibleAsync("43-research", output);
    }

    [Fact]
    public async Task a_replay_started_in_the_portal_is_followed_to_its_end_and_equals_the_live_figures()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Rut Forskare", "researcher");
        await page.GotoAsync(platform.PortalUrl + "/research");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.GetByRole(AriaRole.Button, new() { Name = "Starta omspelning" }).ClickAsync();
        await Expect(page.GetByTestId("replay")).Not.ToHaveAttributeAsync("data-status", "running", new() { Timeout = 60_000 });

        await Expect(page.GetByTestId("replay")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(page.GetByTestId("replay-verdict")).ToHaveAttributeAsync("data-matches", "true");
        await Expect(page.GetByTestId("replay-verdict")).ToHaveTextAsync("Omspelningen ger samma siffror som de levande.");
    }

    [Fact]
    public async Task an_advisor_reaches_neither_the_workbench_nor_an_export_and_a_bad_export_is_refused_naming_the_field()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var advisor = await platform.SignedInAsync(context, "Greta Rådgivare", "advisor");
        await advisor.GotoAsync(platform.PortalUrl + "/research");
        await Expect(advisor.GetByRole(AriaRole.Heading, new() { Name = "Ingen behörighet" })).ToBeVisibleAsync();
        var refused = await advisor.APIRequest.GetAsync(
            platform.PortalUrl + $"/research/studies/{Guid.NewGuid()}/history?from=2026-01-01&to=2026-12-31&format=ndjson", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, refused.Status);

        await using var researchers = await platform.Browser.NewContextAsync();
        var researcher = await platform.SignedInAsync(researchers, "Rut Forskare", "researcher");
        var bad = await researcher.APIRequest.GetAsync(platform.PortalUrl + $"/research/studies/{Guid.NewGuid()}/history?from=2026-01-01&to=2026-12-31&format=xlsx");
        Assert.Equal(400, bad.Status);
        Assert.True(JsonDocument.Parse(await bad.TextAsync()).RootElement.GetProperty("errors").TryGetProperty("format", out _));
        var unknown = await researcher.APIRequest.GetAsync(platform.PortalUrl + $"/research/studies/{Guid.NewGuid()}/history?from=2026-01-01&to=2026-12-31&format=csv");
        Assert.Equal(404, unknown.Status);
    }
}
