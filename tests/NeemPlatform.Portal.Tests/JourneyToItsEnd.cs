using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeemPlatform.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class the_end_of_her_journey_in_the_portal(PortalPlatform platform, ITestOutputHelper output)
{
    private static readonly string Today = SwedishToday.Midnight.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A participant selected into a network group (as the advisor's earlier days left her), by her name.</summary>
    private async Task<(Guid Id, string Name)> SelectedAsync(string advisor)
    {
        var manager = await platform.StaffAsync("participant", "region-manager", "manager-maria");
        await manager.PostAsJsonAsync("/api/network-groups", new { name = $"Våren {Guid.NewGuid():N}"[..14], formedOn = Today, capacity = 60 });
        var staff = await platform.StaffAsync("participant", "advisor", advisor);
        var lastName = "Slutsson" + Random.Shared.Next(1000, 9999);
        var registered = await (await staff.PostAsJsonAsync("/api/participants", new
        {
            source = "walk-in",
            person = new
            {
                personalIdentityNumber = People.Number(new DateOnly(1975, 1, 1), 9000),
                firstName = "Hodan",
                lastName,
                municipality = "Huddinge",
                targetGroup = "newly-arrived",
                permanentResidencePermit = true,
                consent = true,
                phone = "070-222 33 44",
                gender = "female",
                bornAbroad = true
            }
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = registered.GetProperty("participantId").GetGuid();
        (await staff.PostAsJsonAsync($"/api/participants/{id}/interview", new { interviewedOn = Today, drive = 5, will = 5 })).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = Today })).EnsureSuccessStatusCode();
        return (id, $"Hodan {lastName}");
    }

    private async Task<decimal> NumeratorAsync(HttpClient impact, string key, string asOf)
    {
        var report = await impact.GetFromJsonAsync<JsonElement>($"/api/indicators?asOf={asOf}");
        return report.GetProperty("total").GetProperty("indicators").EnumerateArray()
            .Single(i => i.GetProperty("key").GetString() == key).GetProperty("numerator").GetDecimal();
    }

    private static async Task<decimal> EventuallyAsync(Func<Task<decimal>> read, decimal expected)
    {
        var value = await read();
        for (var waited = Stopwatch.StartNew(); value != expected && waited.Elapsed < TimeSpan.FromSeconds(60); value = await read())
        {
            await Task.Delay(500);
        }

        return value;
    }

    [Fact]
    public async Task she_records_the_next_step_the_exit_and_the_six_month_follow_up_and_the_indicators_move()
    {
        // She signs in (the portal puts her in the staff directory by name); she interviewed and selected Hodan earlier.
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Hanna Rådgivare");
        var (id, name) = await SelectedAsync("hanna.r.dgivare"); // the development sign-in's subject for "Hanna Rådgivare"
        var impact = await platform.StaffAsync("impact", "region-manager", "manager-maria");
        var inSevenMonths = SwedishToday.Midnight.AddMonths(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var nextSteps = await NumeratorAsync(impact, "share-next-step", inSevenMonths);
        var sixMonths = await NumeratorAsync(impact, "follow-ups-six-months", inSevenMonths);

        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        // Staff by name, not by id: her advisor, and who interviewed her in the timeline.
        await Expect(page.GetByTestId("advisor")).ToHaveTextAsync("Hanna Rådgivare");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("(Hanna Rådgivare)");
        await Expect(page.GetByTestId("timeline")).Not.ToContainTextAsync("hanna.r.dgivare");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrera nästa steg" })).ToBeEnabledAsync();
        await page.AccessibleAsync("10-next-step-and-exit", output);

        // Her next step: a social enterprise of her own, with its organisation number (a wrong one is refused by name).
        await page.GetByLabel("Vad hon går vidare till").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "startat företag" }).ClickAsync();
        await page.GetByLabel("Organisationsnummer").FillAsync("556677-8898");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera nästa steg" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Organisationsnummer");
        await page.GetByLabel("Organisationsnummer").FillAsync("556677-8899");
        await page.GetByLabel("Företagsform").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Aktiebolag" }).ClickAsync();
        await page.GetByText("Socialt företag").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera nästa steg" }).ClickAsync();
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("startat företag");

        // Her exit: she completed the programme.
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera avslut" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Har lämnat");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Lämnade programmet");

        // The follow-ups: the section says when each falls due once the MIS has scheduled them; the six-month one is recorded now.
        for (var waited = Stopwatch.StartNew(); await page.GetByTestId("follow-ups-due").CountAsync() == 0 && waited.Elapsed < TimeSpan.FromSeconds(60);)
        {
            await Task.Delay(1_000);
            await page.ReloadAsync();
            await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }

        await Expect(page.GetByTestId("follow-ups-due")).ToContainTextAsync("efter sex månader");
        await page.AccessibleAsync("11-follow-ups", output);
        await page.GetByLabel("Tidpunkt").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "efter sex månader" }).ClickAsync();
        await page.GetByLabel("Hennes sysselsättning").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Anställning" }).ClickAsync();
        // On the call she answers the questionnaire's questions too: she got a bank loan.
        await page.GetByText("Ställ uppföljningens frågor (samtal)").ClickAsync();
        await page.Locator("fieldset[data-field=outsideFinancing]").GetByLabel("Ja").CheckAsync();
        await page.GetByLabel("En bank").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera uppföljning" }).ClickAsync();
        await Expect(page.GetByTestId("follow-ups-due")).Not.ToContainTextAsync("efter sex månader");
        await Expect(page.GetByTestId("follow-ups-recorded")).ToContainTextAsync("Finansiering utanför programmet: bank");
        await Expect(page.GetByTestId("follow-ups-recorded")).ToContainTextAsync("registrerad av rådgivare");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Uppföljning: efter sex månader");

        // The MIS counts her: one more next step, one more six-month follow-up recorded among those due by then.
        Assert.Equal(nextSteps + 1, await EventuallyAsync(() => NumeratorAsync(impact, "share-next-step", inSevenMonths), nextSteps + 1));
        Assert.Equal(sixMonths + 1, await EventuallyAsync(() => NumeratorAsync(impact, "follow-ups-six-months", inSevenMonths), sixMonths + 1));
    }

    [Fact]
    public async Task she_answers_her_six_month_follow_up_on_her_phone_through_the_link_and_her_advisor_sees_it_in_her_journey()
    {
        var (id, name) = await SelectedAsync("hanna.r.dgivare");
        var staff = await platform.StaffAsync("participant", "advisor", "hanna.r.dgivare");
        (await staff.PostAsJsonAsync($"/api/participants/{id}/exit", new { exitedOn = Today, reason = "completed" })).EnsureSuccessStatusCode();

        // Her advisor creates the link for the six-month follow-up from her page.
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Hanna Rådgivare");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("Tidpunkt").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "efter sex månader" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa länk (efter sex månader)" }).ClickAsync();
        var link = await page.GetByLabel("Länk till frågorna").InputValueAsync();
        Assert.StartsWith($"{platform.PortalUrl}/uppfoljning/", link);

        // She opens it on her phone, without an account, and answers in plain Swedish.
        await using var phone = await platform.Browser.NewContextAsync(new()
        {
            Locale = "sv-SE",
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2
        });
        var hers = await phone.NewPageAsync();
        await hers.GotoAsync(link);
        await hers.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await hers.GetByRole(AriaRole.Button, new() { Name = "Lättläst svenska" }).ClickAsync();
        await Expect(hers.GetByRole(AriaRole.Heading, new() { Name = "Hur går det för dig?" })).ToBeVisibleAsync();
        await hers.GetByLabel("Jag har ett eget företag").CheckAsync();
        await hers.Locator("fieldset[data-field=companyTrading]").GetByLabel("Ja").CheckAsync();
        await hers.GetByLabel("Mellan 100 000 och 500 000 kronor").CheckAsync();
        await hers.Locator("fieldset[data-field=outsideFinancing]").GetByLabel("Ja").CheckAsync();
        await hers.GetByLabel("Almi").CheckAsync();
        await hers.GetByLabel("4", new() { Exact = true }).CheckAsync();
        // Nothing on the page is wider than her screen.
        Assert.True(await hers.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the questionnaire scrolls sideways on a phone");
        await hers.AccessibleAsync("30-follow-up-on-a-phone", output);
        await hers.GetByRole(AriaRole.Button, new() { Name = "Skicka" }).ClickAsync();
        await Expect(hers.GetByTestId("follow-up-thanks")).ToBeVisibleAsync();

        // The link worked once.
        await hers.GotoAsync(link);
        await Expect(hers.GetByTestId("follow-up-gone")).ToBeVisibleAsync();

        // Her advisor sees her answers in her journey.
        await page.ReloadAsync();
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var recorded = page.GetByTestId("follow-ups-recorded");
        await Expect(recorded).ToContainTextAsync("efter sex månader: Eget företag");
        await Expect(recorded).ToContainTextAsync("svarade själv via länk");
        await Expect(recorded).ToContainTextAsync("Finansiering utanför programmet: almi");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Uppföljning: efter sex månader – Eget företag");
        await page.AccessibleAsync("31-follow-up-answered", output);
    }

    [Fact]
    public async Task a_referral_that_will_not_be_taken_further_is_closed_with_a_reason_and_the_partner_reads_closed()
    {
        var (id, name) = await platform.PartnerReferralAsync();
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Hanna Rådgivare");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("referral-status")).ToHaveTextAsync("Mottagen");

        await page.GetByLabel("Skäl att avsluta").SelectOptionAsync("no-contact");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avsluta remissen" }).ClickAsync();

        await Expect(page.GetByTestId("referral-status")).ToHaveTextAsync("Avslutad");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Remiss mottagen – Avslutad");
        await page.AccessibleAsync("14-referral-closed", output);
    }
}
