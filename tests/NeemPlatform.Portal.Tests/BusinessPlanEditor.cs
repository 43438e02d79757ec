using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeemPlatform.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class the_business_plan_editor(PortalPlatform platform, ITestOutputHelper output)
{
    private static readonly string Today = SwedishToday.Midnight.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<Guid> CoachedParticipantAsync(bool approveModules = true) => platform.CoachedParticipantAsync(approveModules);

    [Fact]
    public async Task a_group_session_is_planned_and_attendance_for_the_whole_roster_is_saved_on_one_screen()
    {
        var id = await CoachedParticipantAsync(approveModules: false);
        var participant = await (await platform.StaffAsync("participant", "advisor", "x")).GetFromJsonAsync<JsonElement>($"/api/participants/{id}");
        var groupId = participant.GetProperty("participant").GetProperty("networkGroupId").GetGuid();
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Sara Rådgivare");
        await page.GetByRole(AriaRole.Link, new() { Name = "Träffar och närvaro" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Planera träffen" })).ToBeEnabledAsync();

        await page.Locator("#session-group").SelectOptionAsync(groupId.ToString());
        await page.Locator("#session-hours").FillAsync("3");
        const string Sessions = "els => els.map(e => e.dataset.session)";
        var before = await page.Locator("section[data-session]").EvaluateAllAsync<string[]>(Sessions);
        await page.GetByRole(AriaRole.Button, new() { Name = "Planera träffen" }).ClickAsync();
        await Expect(page.Locator("section[data-session]")).ToHaveCountAsync(before.Length + 1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalPlatform.ScreenshotDirectory, "12-sessions-planned.png"), FullPage = true });
        var planned = (await page.Locator("section[data-session]").EvaluateAllAsync<string[]>(Sessions)).Except(before).Single();
        var session = page.Locator($"section[data-session='{planned}']");
        // Everybody in the group is excused today (the scenarios' participants share a name; the roster is the group's).
        var selects = session.GetByLabel("Närvaro: Fatou Planberg");
        await Expect(selects.First).ToBeVisibleAsync();
        foreach (var select in await selects.AllAsync())
        {
            await select.SelectOptionAsync("excused");
        }

        await session.GetByRole(AriaRole.Button, new() { Name = "Spara närvaron för alla" }).ClickAsync();
        await Expect(session.GetByTestId("attendance-recorded")).ToContainTextAsync("Registrerat");
        await page.AccessibleAsync("12-sessions", output);

        var enrolment = await (await platform.StaffAsync("coaching", "advisor", "x")).GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}");
        Assert.Contains(enrolment.GetProperty("enrolment").GetProperty("attendances").EnumerateArray(), a => a.GetProperty("status").GetString() == "excused");
    }

    [Fact]
    public async Task totals_follow_her_typing_the_service_refusal_names_the_field_and_the_plan_is_approved()
    {
        var id = await CoachedParticipantAsync();
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Anna Rådgivare");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}/business-plan");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Spara utkastet" })).ToBeEnabledAsync();

        await page.GetByLabel("Intäkt 1").FillAsync("Lunchlådor");
        await page.GetByLabel("Pris per enhet (kr) 1").FillAsync("89.5");
        await page.GetByLabel("Antal 1").FillAsync("4000");
        await page.GetByLabel("Kostnad 1", new() { Exact = true }).FillAsync("Råvaror");
        await page.GetByLabel("Belopp (kr): Kostnad 1").FillAsync("160000");
        await page.GetByLabel("Investering 1", new() { Exact = true }).FillAsync("Ugn");
        await page.GetByLabel("Belopp (kr): Investering 1").FillAsync("50000");
        await page.GetByLabel("Rörelsekapital (kr)").FillAsync("40000.55");
        await page.GetByLabel("Egen insats (kr)").FillAsync("5000");
        await page.GetByLabel("Inbetalningar 1", new() { Exact = true }).FillAsync("85000.55");
        await page.GetByLabel("Utbetalningar 1", new() { Exact = true }).FillAsync("50000");

        // Recomputed as she types, in Swedish money format.
        await Expect(page.GetByTestId("revenue")).ToHaveTextAsync("358\u00a0000,00 kr");
        await Expect(page.GetByTestId("result")).ToHaveTextAsync("198\u00a0000,00 kr");
        await Expect(page.GetByTestId("surplus")).ToHaveTextAsync("16\u00a0500,00 kr");
        await Expect(page.GetByTestId("financing")).ToHaveTextAsync("85\u00a0000,55 kr");

        // Without the texts the service refuses, and the portal says which fields, in Swedish.
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara utkastet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Affärsidé");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Rätta fälten");

        foreach (var (label, text) in new[] { ("Affärsidé", "Lunchlådor till industriområdet"), ("Produkt eller tjänst", "Hemlagade lunchlådor"),
                     ("Prissättning", "89,50 kr per låda"), ("Marknad och konkurrenter", "Två pizzerior"), ("Marknadsföring", "Flygblad") })
        {
            await page.GetByLabel(label, new() { Exact = true }).FillAsync(text);
            await page.GetByLabel(label, new() { Exact = true }).BlurAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Spara utkastet" }).ClickAsync();
        await Expect(page.GetByText("Utkastet är sparat.")).ToBeVisibleAsync();
        await page.AccessibleAsync("11-business-plan", output);

        await page.GetByRole(AriaRole.Button, new() { Name = "Godkänn affärsplanen" }).ClickAsync();
        await Expect(page.GetByTestId("plan-approved")).ToContainTextAsync("godkändes");
        var plan = await (await platform.StaffAsync("coaching", "advisor", "check")).GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}/business-plan");
        Assert.Equal(85_000.55m, plan.GetProperty("financingNeedSek").GetDecimal());
        Assert.Equal(16_500m, plan.GetProperty("expectedMonthlySurplusSek").GetDecimal());

        // Lending learns of the approved plan through the queue; loan officers lend (their screens are part 2), and
        // her journey shows the loan's milestones with who acted.
        var manager = await platform.StaffAsync("lending", "region-manager", "manager-loans");
        var product = await manager.PutAsJsonAsync("/api/loan-products/micro", new
        {
            name = "Mikrolån",
            minAmountSek = 5_000m,
            maxAmountSek = 100_000m,
            nominalAnnualRatePercent = 12m,
            setUpFeeSek = 0m,
            monthlyFeeSek = 25m,
            minTermMonths = 3,
            maxTermMonths = 36,
            amortisation = "annuity",
            maxInstalmentShareOfSurplus = 0.8m
        });
        Assert.True(product.IsSuccessStatusCode, await product.Content.ReadAsStringAsync());
        var olle = await platform.StaffAsync("lending", "loan-officer", "olle.lanehandlaggare");
        var karin = await platform.StaffAsync("lending", "loan-officer", "karin.lanehandlaggare");
        var loanId = Guid.NewGuid();
        HttpResponseMessage applied;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            applied = await olle.PostAsJsonAsync("/api/loans", new { loanId, participantId = id, productCode = "micro", amountSek = 40_000m, termMonths = 24, appliedOn = Today });
        }
        while (!applied.IsSuccessStatusCode && waited.Elapsed < TimeSpan.FromSeconds(60) && await Pause());
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());
        Assert.True((await karin.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = Today })).IsSuccessStatusCode);
        Assert.True((await karin.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = Today })).IsSuccessStatusCode);

        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}");
        var timeline = page.GetByTestId("timeline");
        await Expect(timeline).ToContainTextAsync("Affärsplan godkänd");
        await Expect(timeline).ToContainTextAsync("Lån sökt: 40\u00a0000,00 kr, 24 månader(olle.lanehandlaggare)");
        await Expect(timeline).ToContainTextAsync("Lån beviljat(karin.lanehandlaggare)");
        await Expect(timeline).ToContainTextAsync("Lån utbetalt(karin.lanehandlaggare)");
        await page.AccessibleAsync("13-journey", output);
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(500);
        return true;
    }
}
