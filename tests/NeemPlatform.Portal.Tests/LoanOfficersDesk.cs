using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeemPlatform.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class the_loan_officers_desk(PortalPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task two_officers_take_an_application_to_payout_under_the_four_eyes_rule_and_repayments_change_the_ledger()
    {
        var borrower = await platform.BorrowerAsync();
        var name = (await (await platform.StaffAsync("participant", "advisor", "x")).GetFromJsonAsync<JsonElement>($"/api/participants/{borrower}"))
            .GetProperty("personalData") is var data ? $"{data.GetProperty("firstName").GetString()} {data.GetProperty("lastName").GetString()}" : "";

        // Olle drafts the application from her credit file: the offer and the capacity check follow what he types.
        await using var olles = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var olle = await platform.SignedInAsync(olles, "Olle Berg", "loan-officer");
        await olle.GetByRole(AriaRole.Link, new() { Name = "Kreditärenden" }).ClickAsync();
        // Her own credit file's link (other tests' borrowers may bear the same name): named for her, addressed by her id.
        var apply = olle.Locator($"a[href='/loans/new/{borrower}']");
        await Expect(apply).ToHaveAttributeAsync("aria-label", $"Ny ansökan: {name}");
        await apply.ClickAsync();
        await Expect(olle.GetByRole(AriaRole.Heading, new() { Name = $"Låneansökan: {name}" })).ToBeVisibleAsync();
        await Expect(olle.GetByTestId("offer")).ToBeVisibleAsync();
        await olle.Locator("[data-page-ready]").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await olle.GetByLabel("Belopp (kr)").FillAsync("12000");
        await olle.GetByLabel("Löptid (månader)").FillAsync("12");
        await olle.GetByLabel("Löptid (månader)").PressAsync("Tab");
        await Expect(olle.GetByTestId("level-instalment")).ToHaveTextAsync("1\u00a0091,19 kr");
        await Expect(olle.GetByTestId("first-payment")).ToHaveTextAsync("1\u00a0091,19 kr");
        // Two months of grace, as her product allows: she pays interest and fees only at first, and a higher level instalment after.
        await olle.GetByLabel("Anståndsmånader (högst 2)").FillAsync("2");
        await olle.GetByLabel("Anståndsmånader (högst 2)").PressAsync("Tab");
        await Expect(olle.GetByTestId("first-payment")).ToHaveTextAsync("145,00 kr");
        await Expect(olle.GetByTestId("capacity")).ToContainTextAsync("ryms inom");
        await olle.AccessibleAsync("19-loan-application", output);
        await olle.GetByRole(AriaRole.Button, new() { Name = "Skicka ansökan till en andra handläggare" }).ClickAsync();
        await Expect(olle.GetByTestId("loan-status")).ToHaveTextAsync("Ansökt");
        var loanId = Guid.Parse(olle.Url.Split('/')[^1]);
        var applied = await (await platform.StaffAsync("lending", "loan-officer", "check")).GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}");
        Assert.Equal(2, applied.GetProperty("loan").GetProperty("graceMonths").GetInt32());

        // His worklist counts it among what waits for a second officer; the list names the borrower; he cannot approve it himself.
        await olle.GotoAsync(platform.PortalUrl + "/");
        await Expect(olle.Locator("[data-count=LoansAwaiting]")).Not.ToHaveTextAsync("0");
        await olle.GetByRole(AriaRole.Link, new() { Name = "Lån", Exact = true }).ClickAsync();
        await Expect(olle.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await olle.AccessibleAsync("20-loans", output);
        await olle.GotoAsync($"{platform.PortalUrl}/loans/{loanId}");
        await Expect(olle.GetByTestId("four-eyes")).ToBeVisibleAsync();
        await Expect(olle.GetByRole(AriaRole.Button, new() { Name = "Bevilja lånet" })).ToHaveCountAsync(0);
        await Expect(olle.GetByTestId("prepared-by")).ToHaveTextAsync("Olle Berg");

        // Karin, the second officer, approves it and pays it out.
        await using var karins = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var karin = await platform.SignedInAsync(karins, "Karin Lund", "loan-officer");
        await karin.GotoAsync($"{platform.PortalUrl}/loans/{loanId}");
        await Expect(karin.GetByRole(AriaRole.Heading, new() { Name = $"{name}: lån på" })).ToBeVisibleAsync();
        await karin.AccessibleAsync("21-loan-decision", output);
        await karin.GetByRole(AriaRole.Button, new() { Name = "Bevilja lånet" }).ClickAsync();
        await Expect(karin.GetByTestId("loan-status")).ToHaveTextAsync("Beviljat");
        await karin.GetByRole(AriaRole.Button, new() { Name = "Betala ut lånet" }).ClickAsync();
        await Expect(karin.GetByTestId("loan-status")).ToHaveTextAsync("Löpande");

        // A repayment by reference pays the first instalment; the same reference again is recognised, not recorded twice.
        var loan = await (await platform.StaffAsync("lending", "loan-officer", "check")).GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}");
        var first = loan.GetProperty("schedule")[0].GetProperty("totalSek").GetDecimal();
        await karin.GetByLabel("Referens (OCR eller bankens referens)").FillAsync("OCR-4711");
        await karin.GetByLabel("Belopp (kr)").FillAsync(first.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("sv-SE")));
        await karin.GetByRole(AriaRole.Button, new() { Name = "Registrera inbetalningen" }).ClickAsync();
        await Expect(karin.GetByTestId("repayment-result")).ToContainTextAsync("registrerades");
        await Expect(karin.Locator("[data-state=paid]")).ToHaveTextAsync("Betald");
        await karin.GetByRole(AriaRole.Button, new() { Name = "Registrera inbetalningen" }).ClickAsync();
        await Expect(karin.GetByTestId("repayment-result")).ToContainTextAsync("redan registrerad");
        await Expect(karin.Locator("[data-state=paid]")).ToHaveCountAsync(1);
        await karin.AccessibleAsync("22-loan-ledger", output);

        // She repays the rest early from today's quote: the loan is repaid.
        await karin.GetByRole(AriaRole.Button, new() { Name = "Beräkna lösenbelopp i dag" }).ClickAsync();
        await Expect(karin.GetByTestId("early-total")).ToContainTextAsync("kr");
        await karin.GetByLabel("Referens för lösen").FillAsync("OCR-4712");
        await karin.GetByRole(AriaRole.Button, new() { Name = "Registrera lösen av lånet" }).ClickAsync();
        await Expect(karin.GetByTestId("loan-status")).ToHaveTextAsync("Återbetalt");

        // Her credit statement, in Swedish, printed for her bank; the bank checks the paper on the public page.
        await karin.GetByRole(AriaRole.Button, new() { Name = "Utfärda kreditintyg" }).ClickAsync();
        await Expect(karin.GetByTestId("statement")).ToContainTextAsync("Verifieringskod: ");
        await Expect(karin.GetByTestId("statement")).ToContainTextAsync("återbetalt i sin helhet");
        var paper = await karin.GetByTestId("statement").InnerTextAsync();
        await using var bank = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var check = await bank.NewPageAsync();
        await check.GotoAsync(platform.PortalUrl + "/verify");
        await Expect(check.GetByRole(AriaRole.Heading, new() { Name = "Kontrollera kreditintyg" })).ToBeVisibleAsync();
        await Expect(check.GetByRole(AriaRole.Button, new() { Name = "Kontrollera" })).ToBeEnabledAsync();
        await check.GetByLabel("Hela intygets text").FillAsync(paper);
        await check.GetByRole(AriaRole.Button, new() { Name = "Kontrollera" }).ClickAsync();
        await Expect(check.GetByTestId("verdict")).ToHaveAttributeAsync("data-genuine", "true");
        await check.AccessibleAsync("24-verify", output);
        await check.GetByLabel("Hela intygets text").FillAsync(paper.Replace("betalda i tid: 1", "betalda i tid: 12", StringComparison.Ordinal));
        await check.GetByRole(AriaRole.Button, new() { Name = "Kontrollera" }).ClickAsync();
        await Expect(check.GetByTestId("verdict")).ToHaveAttributeAsync("data-genuine", "false");
    }

    [Fact]
    public async Task the_arrears_worklist_shows_a_late_loan_with_its_borrower_her_advisor_and_the_portfolio_at_risk()
    {
        var borrower = await platform.BorrowerAsync();
        await using (var olles = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" }))
        {
            await platform.SignedInAsync(olles, "Olle Berg", "loan-officer"); // he is in the staff directory by name from his sign-in
        }

        string Day(int daysAgo) => SwedishToday.Midnight.AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var loanId = Guid.NewGuid();
        var olle = await platform.StaffAsync("lending", "loan-officer", "olle.berg");
        var karin = await platform.StaffAsync("lending", "loan-officer", "karin.lund");
        Assert.True((await olle.PostAsJsonAsync("/api/loans", new { loanId, participantId = borrower, productCode = "micro", amountSek = 10_000m, termMonths = 12, appliedOn = Day(80) })).IsSuccessStatusCode);
        Assert.True((await karin.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = Day(78) })).IsSuccessStatusCode);
        Assert.True((await karin.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = Day(75) })).IsSuccessStatusCode);

        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Karin Lund", "loan-officer");
        await page.GetByRole(AriaRole.Link, new() { Name = "Förfallna lån", Exact = true }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Förfallna lån", Level = 1 })).ToBeVisibleAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator($"a[href='/loans/{loanId}']") });
        await Expect(row).ToContainTextAsync("Fatou Planberg");
        await Expect(row).ToContainTextAsync("31–60 dagar sent"); // the first instalment fell due about 45 days ago
        await Expect(page.GetByTestId("portfolio")).ToContainTextAsync("Hela regionen");
        await Expect(page.GetByTestId("portfolio")).ToContainTextAsync("Olle Berg");
        await Expect(row).ToContainTextAsync("ingen än"); // nobody has been in touch with her about it yet

        // Karin calls her: she promises to pay within a week; the worklist then says so.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        var contacts = page.GetByRole(AriaRole.Region, new() { Name = "Kontakter med låntagaren" });
        await Expect(contacts).ToContainTextAsync("Ingen kontakt registrerad.");
        await page.Locator($"[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(contacts.GetByRole(AriaRole.Button, new() { Name = "Registrera kontakten" })).ToBeEnabledAsync();
        await contacts.GetByLabel("Resultat").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "lovar att betala", Exact = true }).ClickAsync();
        await Expect(contacts.GetByLabel("Lovat att betala senast")).ToBeVisibleAsync();
        await contacts.GetByRole(AriaRole.Button, new() { Name = "Registrera kontakten" }).ClickAsync();
        var promised = SwedishToday.Midnight.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(contacts.GetByTestId("contacts")).ToContainTextAsync($"lovar att betala senast {promised}");
        await Expect(contacts.GetByTestId("contacts")).ToContainTextAsync("Karin Lund");
        await page.AccessibleAsync("29-loan-contacts", output);
        await page.GotoAsync($"{platform.PortalUrl}/arrears");
        await Expect(row).ToContainTextAsync($"lovar att betala senast {promised}");
        await page.AccessibleAsync("23-arrears", output);

        // Olle asks for a longer schedule for her (illness); Karin, the second officer, approves it on the loan's page.
        var requested = await olle.PostAsJsonAsync($"/api/loans/{loanId}/reschedule-requests",
            new { remainingMonths = 18, reason = "illness", requestedOn = Day(0) });
        Assert.True(requested.IsSuccessStatusCode, await requested.Content.ReadAsStringAsync());
        await page.GotoAsync($"{platform.PortalUrl}/loans/{loanId}");
        await Expect(page.GetByTestId("pending-reschedule")).ToContainTextAsync("18 månader kvar, skäl: sjukdom, begärd av Olle Berg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Godkänn den nya betalplanen" }).ClickAsync();
        await Expect(page.GetByTestId("pending-reschedule")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task an_officer_asks_for_a_new_schedule_and_a_write_off_on_the_loans_page_and_only_a_second_officer_approves_them()
    {
        var borrower = await platform.BorrowerAsync();
        string Day(int daysAgo) => SwedishToday.Midnight.AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var loanId = Guid.NewGuid();
        var first = await platform.StaffAsync("lending", "loan-officer", "lisa.holm");
        var second = await platform.StaffAsync("lending", "loan-officer", "per.nyman");
        Assert.True((await first.PostAsJsonAsync("/api/loans", new { loanId, participantId = borrower, productCode = "micro", amountSek = 8_000m, termMonths = 12, appliedOn = Day(40) })).IsSuccessStatusCode);
        Assert.True((await second.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = Day(39) })).IsSuccessStatusCode);
        Assert.True((await second.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = Day(38) })).IsSuccessStatusCode);

        // Lisa asks for a longer schedule after a setback: she sees it wait for someone else, with no button of her own.
        await using var lisas = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var lisa = await platform.SignedInAsync(lisas, "Lisa Holm", "loan-officer");
        await lisa.GotoAsync($"{platform.PortalUrl}/loans/{loanId}");
        await lisa.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await lisa.GetByLabel("Återstående månader i den nya planen").FillAsync("20");
        await lisa.GetByLabel("Återstående månader i den nya planen").PressAsync("Tab");
        await lisa.GetByLabel("Skäl till omläggningen").ClickAsync();
        await lisa.GetByRole(AriaRole.Option, new() { Name = "sjukdom" }).ClickAsync();
        await Expect(lisa.Locator("form[aria-label='Begär en ny betalplan']")).ToContainTextAsync("sjukdom");
        await lisa.GetByRole(AriaRole.Button, new() { Name = "Begär omläggning" }).ClickAsync();
        await Expect(lisa.GetByTestId("pending-reschedule")).ToContainTextAsync("20 månader kvar, skäl: sjukdom, begärd av Lisa Holm");
        await Expect(lisa.GetByTestId("four-eyes-pending")).ToBeVisibleAsync();
        await Expect(lisa.GetByRole(AriaRole.Button, new() { Name = "Godkänn den nya betalplanen" })).ToHaveCountAsync(0);
        await lisa.AccessibleAsync("27-loan-change-requested", output);

        // Per approves it; then he proposes writing the loan off (the business closed), which Lisa approves.
        await using var pers = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var per = await platform.SignedInAsync(pers, "Per Nyman", "loan-officer");
        await per.GotoAsync($"{platform.PortalUrl}/loans/{loanId}");
        await per.GetByRole(AriaRole.Button, new() { Name = "Godkänn den nya betalplanen" }).ClickAsync();
        await Expect(per.GetByTestId("pending-reschedule")).ToHaveCountAsync(0);
        var rescheduled = await second.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}");
        Assert.Equal(1, rescheduled.GetProperty("loan").GetProperty("reschedulings").GetInt32());

        await per.GetByLabel("Skäl till avskrivningen").ClickAsync();
        await per.GetByRole(AriaRole.Option, new() { Name = "företaget är nedlagt" }).ClickAsync();
        await per.GetByRole(AriaRole.Button, new() { Name = "Föreslå avskrivning av lånet" }).ClickAsync();
        await Expect(per.GetByTestId("pending-write-off")).ToContainTextAsync("Per Nyman");
        await Expect(per.GetByRole(AriaRole.Button, new() { Name = "Godkänn avskrivningen" })).ToHaveCountAsync(0);

        await lisa.ReloadAsync();
        await lisa.GetByRole(AriaRole.Button, new() { Name = "Godkänn avskrivningen" }).ClickAsync();
        await Expect(lisa.GetByTestId("loan-status")).ToHaveTextAsync("Avskrivet");
    }
}
