using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeemPlatform.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class the_rest_of_the_work_in_the_portal(PortalPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task an_administrator_registers_a_partner_and_its_key_is_shown_once()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Alva Admin", "administrator");
        var partner = $"Kommunen {Guid.NewGuid():N}"[..18];

        await page.GetByRole(AriaRole.Link, new() { Name = "Partner och nycklar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lägg till partner" })).ToBeEnabledAsync();
        await page.GetByLabel("Organisationens namn").FillAsync(partner);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till partner" }).ClickAsync();
        var section = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = partner }) });
        await section.GetByLabel("Benämning").FillAsync("Ärendesystemet");
        await section.GetByRole(AriaRole.Button, new() { Name = "Utfärda nyckel" }).ClickAsync();
        var key = await page.GetByTestId("issued-key").InnerTextAsync();
        await page.AccessibleAsync("06-partners", output);

        Assert.StartsWith("neem_pk_", key);
        var client = platform.App.CreateHttpClient("participant");
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.True((await client.GetAsync("/api/referrals")).IsSuccessStatusCode); // the key works for the partner API
        await page.ReloadAsync();
        await Expect(page.GetByTestId("issued-key")).ToHaveCountAsync(0); // and is never shown again
        await Expect(page.GetByText("Ärendesystemet")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task an_administrator_issues_an_expiring_sandbox_key_and_reads_the_partners_callback_log()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Alva Admin", "administrator");
        var partner = $"Testkommun {Guid.NewGuid():N}"[..20];
        var validUntil = SwedishToday.Date.AddDays(30);

        await page.GotoAsync(platform.PortalUrl + "/admin/partners");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lägg till partner" })).ToBeEnabledAsync();
        await page.GetByLabel("Organisationens namn").FillAsync(partner);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till partner" }).ClickAsync();
        var section = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = partner }) });
        await section.GetByLabel("Benämning").FillAsync("Integrationstester");
        await section.GetByLabel("Typ av nyckel").SelectOptionAsync("sandbox");
        await section.GetByLabel("Giltig till och med (valfritt)").FillAsync(validUntil.ToString("yyyy-MM-dd"));
        await section.GetByRole(AriaRole.Button, new() { Name = "Utfärda nyckel" }).ClickAsync();
        var key = await page.GetByTestId("issued-key").InnerTextAsync();
        await Expect(section).ToContainTextAsync("Testmiljö (sandlåda)");
        await Expect(section).ToContainTextAsync($"giltig till och med {validUntil:yyyy-MM-dd}");
        await Expect(section).ToContainTextAsync("Partnern har inte angett någon adress för återanrop.");

        // The partner's developer tries the sandbox: a callback address, a test person, a status moved by hand.
        var client = platform.App.CreateHttpClient("participant");
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        (await client.PutAsJsonAsync("/api/callback", new { url = "https://partner.example/neem" })).EnsureSuccessStatusCode();
        var referral = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
        {
            Content = JsonContent.Create(new
            {
                personalIdentityNumber = "19121212-1212",
                firstName = "Tolvan",
                lastName = "Tolvansson",
                municipality = "Västerås",
                targetGroup = "newly-arrived",
                permanentResidencePermit = true,
                consent = true,
                phone = "070-000 00 00"
            }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } }
        });
        var referralId = JsonDocument.Parse(await referral.Content.ReadAsStringAsync()).RootElement.GetProperty("referralId").GetGuid();
        (await client.PostAsJsonAsync($"/api/sandbox/referrals/{referralId}/status", new { status = "invited" })).EnsureSuccessStatusCode();

        await page.ReloadAsync();
        await Expect(section).ToContainTextAsync("https://partner.example/neem");
        await section.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Visa leveranslogg") }).ClickAsync();
        var log = section.GetByRole(AriaRole.Table, new() { Name = $"Leveranslogg: {partner}" });
        await Expect(log).ToContainTextAsync("Mottagen → Inbjuden");
        await page.AccessibleAsync("06b-partner-callbacks", output);
        Assert.DoesNotContain("Tolvansson", await page.ContentAsync());

        // The problem-type pages the partner's developer follows from an error's type (served by each service, anonymous).
        await page.GotoAsync(platform.App.GetEndpoint("participant", "http").ToString().TrimEnd('/') + "/problems");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Problem types", Level = 1 })).ToBeVisibleAsync();
        await page.AccessibleAsync("06c-problem-types", output);
        await page.GetByRole(AriaRole.Link, new() { Name = "rate-limited" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Too many requests", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("https://neem.se/problems/rate-limited")).ToBeVisibleAsync();
        await page.AccessibleAsync("06d-problem-type", output);
    }

    [Fact]
    public async Task an_advisor_registers_a_walk_in_plans_a_workshop_invites_her_and_records_attendance()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Greta Rådgivare", "advisor");
        var lastName = "Besöksdotter" + Random.Shared.Next(100, 999);

        await page.GetByRole(AriaRole.Link, new() { Name = "Registrera deltagare" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrera", Exact = true })).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Rätta fälten"); // the service's refusal, in Swedish, naming the fields
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Personnummer");
        await page.AccessibleAsync("07-register", output);
        await page.GetByLabel("Personnummer").FillAsync(People.Number(new DateOnly(1975, 1, 1), 9000));
        await page.GetByLabel("Förnamn").FillAsync("Nadia");
        await page.GetByLabel("Efternamn").FillAsync(lastName);
        await page.GetByLabel("Telefon").FillAsync("070-555 12 34");
        await page.GetByLabel("Kommun").FillAsync("Örebro");
        await page.GetByText("Samtycke till behandling av personuppgifter").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Nadia {lastName}" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Informationsträffar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Planera träffen" })).ToBeEnabledAsync();
        var place = $"Folkets hus {Random.Shared.Next(100, 999)}";
        await page.GetByLabel("Plats").FillAsync(place);
        await page.GetByRole(AriaRole.Button, new() { Name = "Planera träffen" }).ClickAsync();
        var workshop = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = place }) });
        await workshop.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Bjud in alla") }).ClickAsync();
        var row = workshop.GetByRole(AriaRole.Row, new() { Name = $"Nadia {lastName}" });
        await Expect(row).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Kom" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Kom");
        await page.AccessibleAsync("08-workshops", output);

        await page.GetByRole(AriaRole.Link, new() { Name = $"Nadia {lastName}" }).First.ClickAsync();
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Deltog i informationsträff");
    }

    [Fact]
    public async Task a_region_manager_sees_groups_and_the_waiting_list_and_erasure_says_what_goes_before_it_happens()
    {
        var advisor = await platform.StaffAsync("participant", "advisor", "hanna");
        var number = People.Number(new DateOnly(1990, 5, 5), 900);
        var registered = await (await advisor.PostAsJsonAsync("/api/participants", new
        {
            source = "walk-in",
            person = new
            {
                personalIdentityNumber = number,
                firstName = "Rahel",
                lastName = "Raderasson",
                municipality = "Solna",
                targetGroup = "newly-arrived",
                permanentResidencePermit = true,
                consent = true,
                phone = "070-111 22 33",
                gender = "female",
                bornAbroad = true
            }
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = registered.GetProperty("participantId").GetGuid();

        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Ingrid Chef", "region-manager");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nätverksgrupper" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Väntelista, i tur och ordning" })).ToBeVisibleAsync();

        // She starts a small group and gives it more places: the table shows the new capacity from the service.
        var group = $"Vårgruppen {Random.Shared.Next(100, 999)}";
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Starta gruppen" })).ToBeEnabledAsync();
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync(group);
        await page.GetByLabel("Platser", new() { Exact = true }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Starta gruppen" }).ClickAsync();
        var row = page.Locator($"tr[data-group='{group}']");
        await Expect(row.GetByTestId("capacity")).ToHaveTextAsync("2");
        await row.GetByLabel($"Nytt antal platser i {group}").FillAsync("12");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Ändra antal platser i {group}" }).ClickAsync();
        await Expect(row.GetByTestId("capacity")).ToHaveTextAsync("12");
        await page.AccessibleAsync("09-groups", output);

        await page.GotoAsync($"{platform.PortalUrl}/participants/{id}");
        // Her eligibility changes, with who (the timeline) and why (her notes).
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Spara profilen" })).ToBeEnabledAsync();
        await page.GetByText("Permanent uppehållstillstånd", new() { Exact = true }).Last.ClickAsync();
        await page.GetByLabel("Varför ändras uppgifterna? (sparas i hennes anteckningar)").FillAsync("Tillståndet var tidsbegränsat");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara profilen" }).ClickAsync();
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Profil ändrad");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Radera hennes personuppgifter…" })).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Radera hennes personuppgifter…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Det går inte att ångra");
        await page.AccessibleAsync("10-erasure", output);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, radera för alltid" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "(raderad)" })).ToBeVisibleAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await advisor.GetAsync($"/api/participants/{id}")).StatusCode);
        var after = await advisor.GetFromJsonAsync<JsonElement>($"/api/participants/{id}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("personalData").ValueKind);
    }

    [Fact]
    public async Task a_link_from_one_participant_to_another_shows_the_other_and_forgets_the_revealed_number()
    {
        var advisor = await platform.StaffAsync("participant", "advisor", "hanna");
        async Task<(Guid Id, string Number)> RegisterAsync(string lastName, int serial)
        {
            var number = People.Number(new DateOnly(1991, 3, 3), serial);
            var registered = await (await advisor.PostAsJsonAsync("/api/participants", new
            {
                source = "walk-in",
                person = new
                {
                    personalIdentityNumber = number,
                    firstName = "Lina",
                    lastName,
                    municipality = "Solna",
                    targetGroup = "newly-arrived",
                    permanentResidencePermit = true,
                    consent = true,
                    phone = "070-111 22 44",
                    gender = "female",
                    bornAbroad = true
                }
            })).Content.ReadFromJsonAsync<JsonElement>();
            return (registered.GetProperty("participantId").GetGuid(), number);
        }

        var (first, firstNumber) = await RegisterAsync("Förstasson", 300 + Random.Shared.Next(0, 300));
        var (second, _) = await RegisterAsync("Andrasson", 600 + Random.Shared.Next(0, 300));
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Ingrid Chef", "region-manager");
        await page.GotoAsync($"{platform.PortalUrl}/participants/{first}");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("Varför behövs hela numret?").FillAsync("Banken behöver kontrollera identiteten");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa hela personnumret" }).ClickAsync();
        await Expect(page.GetByTestId("identity-number")).ToHaveTextAsync(firstNumber);

        await page.EvaluateAsync("url => Blazor.navigateTo(url)", $"/participants/{second}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lina Andrasson" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("identity-number")).ToContainTextAsync("-****");
    }

    [Fact]
    public async Task the_main_path_works_with_the_keyboard_alone()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(platform.PortalUrl + "/signin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
        await page.AccessibleAsync("00-signin", output);

        // Sign in without the mouse: tab to the name, type, tab to the role, choose, tab to the button, Enter.
        await page.Keyboard.PressAsync("Tab");
        for (var i = 0; i < 6 && !await page.GetByLabel("Namn").EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.TypeAsync("Klara Tangentbord");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min arbetslista" })).ToBeVisibleAsync();

        // The menu is reachable with the keyboard (it precedes the page's heading, where focus lands) and opens the search.
        for (var i = 0; i < 25 && await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''") != "Deltagare"; i++)
        {
            await page.Keyboard.PressAsync("Shift+Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deltagare" })).ToBeVisibleAsync();
    }

}
