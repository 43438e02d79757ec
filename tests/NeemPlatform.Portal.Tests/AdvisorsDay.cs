using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Microsoft.Playwright;
using NeemPlatform.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

/// <summary>
/// The whole platform as the README's run command starts it (AppHost, local PostgreSQL, the four services and the portal),
/// and Debian's Chromium driven by Playwright: one browser for the run.
/// </summary>
public sealed class PortalPlatform : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"neem-portal-{Guid.NewGuid():N}"[..22]);

    public DistributedApplication App { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string PortalUrl { get; private set; } = "";

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "../../../../../TestResults/screenshots");

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NeemPlatform_AppHost>(
            ["--Postgres:Mode=local", $"--Postgres:DataDirectory={_dataDirectory}", $"--Postgres:Port={port}", "--Neem:Region=stockholm",
             // The programme's milestones, as an operator gives them to the AppHost (the dashboard shows them).
             "--Neem:Targets:Periods:0:Name=Mobiliseringsfasen", "--Neem:Targets:Periods:0:Until=2025-06-30", "--Neem:Targets:Periods:0:ParticipantsPerRegion=20",
             "--Neem:Targets:Periods:1:Name=Genomförandefasen", "--Neem:Targets:Periods:1:Until=2099-12-31", "--Neem:Targets:Periods:1:ParticipantsPerRegion=60",
             "--Neem:Targets:Periods:1:SocialEnterprisesPerRegion=1",
             "--Neem:CoFinancing:Rates:0:From=2025-01-01", "--Neem:CoFinancing:Rates:0:ActivitySupportSekPerHour=81.25",
             "--Neem:CoFinancing:Rates:0:OwnWorkSekPerHour=150", "--Neem:CoFinancing:Rates:0:PremisesSekPerHour=12.40",
             "--Neem:CoFinancing:Rates:0:ComputersSekPerHour=3.05"]);
        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await App.StartAsync(timeout.Token);
        foreach (var resource in new[] { "participant", "coaching", "lending", "impact", "portal" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        PortalUrl = App.GetEndpoint("portal", "http").ToString().TrimEnd('/');
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NEEM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"]
        });
        SetDefaultExpectTimeout(20_000);
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // PostgreSQL may still be releasing its files; the temp directory is cleaned by the system.
        }
    }

    /// <summary>A client of a service with a token from its development issuer (for seeding what partners and managers do).</summary>
    public async Task<HttpClient> StaffAsync(string service, string role, string subject)
    {
        var token = await App.CreateHttpClient("participant").PostAsJsonAsync("/dev/tokens", new { subject, role, region = "stockholm" });
        var client = App.CreateHttpClient(service);
        client.DefaultRequestHeaders.Authorization =
            new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition("portal")]
public sealed class PortalCollection : ICollectionFixture<PortalPlatform>;

[Collection("portal")]
public class an_advisors_day_in_the_portal(PortalPlatform platform, ITestOutputHelper output)
{
    private static readonly string Today = SwedishToday.Midnight.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private Task<(Guid ParticipantId, string Name)> PartnerReferralAsync() => platform.PartnerReferralAsync();

    [Fact]
    public async Task she_finds_a_referral_interviews_selects_and_approves_modules_and_the_timeline_shows_each_step()
    {
        var clock = Stopwatch.StartNew();
        var manager = await platform.StaffAsync("participant", "region-manager", "manager-maria");
        await manager.PostAsJsonAsync("/api/network-groups", new { name = "Hösten", formedOn = Today, capacity = 60 });
        var (participantId, name) = await PartnerReferralAsync();

        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Anna Rådgivare");
        await page.AccessibleAsync("01-worklist", output);
        Assert.True(int.Parse(await page.Locator("[data-count=NewReferrals]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

        await page.GetByRole(AriaRole.Link, new() { Name = "Remisser", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Remisser" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await page.AccessibleAsync("02-referrals", output);
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("identity-number")).ToContainTextAsync("-****");
        await page.AccessibleAsync("03-participant", output);

        // The interview: scores and notes; the interviewer becomes her advisor.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Spara intervjun" })).ToBeEnabledAsync();
        await page.GetByLabel("Anteckningar", new() { Exact = true }).FillAsync("Vill starta ett bageri.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara intervjun" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Intervjuad");

        // The decision: selected, into the network group.
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera beslutet" }).ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("I programmet");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Antagen till programmet");

        // Coaching: the enrolment arrives through the queue; tick every item of the first module and approve it.
        var coachingLink = page.GetByRole(AriaRole.Link, new() { Name = "Öppna coachning och checklistor" });
        for (var waited = Stopwatch.StartNew(); await coachingLink.CountAsync() == 0 && waited.Elapsed < TimeSpan.FromSeconds(60);)
        {
            await Task.Delay(1_000);
            await page.ReloadAsync();
            await page.GetByTestId("timeline").WaitForAsync();
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Öppna coachning och checklistor" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coachning och checklistor" })).ToBeVisibleAsync();
        var first = page.Locator("section.module").First;
        var boxes = first.Locator("input[type=checkbox]");
        var version = page.GetByTestId("version");
        await Expect(boxes.First).ToBeEnabledAsync(); // the checklist has loaded and the page is interactive
        Assert.True(await boxes.CountAsync() > 0);
        for (var i = 0; i < await boxes.CountAsync(); i++)
        {
            var before = await version.GetAttributeAsync("data-version");
            await Expect(boxes.Nth(i)).ToBeEnabledAsync();
            await boxes.Nth(i).CheckAsync();
            // The service recorded it: the page shows the next version with the box ticked.
            await Expect(version).Not.ToHaveAttributeAsync("data-version", before!);
            await Expect(boxes.Nth(i)).ToBeCheckedAsync();
        }

        await page.AccessibleAsync("04-coaching", output);
        await first.GetByRole(AriaRole.Button).ClickAsync();
        // If a message from another service changed her enrolment meanwhile, the portal says so and shows the fresh
        // state; the advisor approves again, as she would.
        await Expect(first.Locator(".approved").Or(page.GetByTestId("conflict"))).ToBeVisibleAsync();
        if (await first.Locator(".approved").CountAsync() == 0)
        {
            output.WriteLine("The approval met a concurrent change and was repeated on the fresh state");
            await first.GetByRole(AriaRole.Button).ClickAsync();
        }

        await Expect(first.Locator(".approved")).ToContainTextAsync("Godkänd");

        // A second advisor's stale approval: someone ticks the next module while the page shows the old version.
        var second = page.Locator("section.module").Nth(1);
        var coaching = await platform.StaffAsync("coaching", "advisor", "bertil");
        var enrolment = await coaching.GetFromJsonAsync<JsonElement>($"/api/enrolments/{participantId}");
        var module = await second.GetAttributeAsync("data-module");
        var item = (await second.Locator("input[type=checkbox]").First.GetAttributeAsync("id"))![$"item-{module}-".Length..];
        var ticked = await coaching.PostAsJsonAsync($"/api/enrolments/{participantId}/checklist/ticks",
            new { moduleCode = module, itemCode = item, tickedOn = Today, expectedVersion = enrolment.GetProperty("version").GetInt64() });
        Assert.True(ticked.IsSuccessStatusCode);
        await second.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("conflict")).ToContainTextAsync("Någon annan ändrade checklistan");
        await Expect(second.Locator("input[type=checkbox]").First).ToBeCheckedAsync(); // the fresh state

        // The timeline shows each step, from the referral to the approved module.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tillbaka till deltagaren" }).ClickAsync();
        var timeline = page.GetByTestId("timeline");
        foreach (var step in new[] { "Registrerad", "Remiss mottagen", "Intervjuad: driv 3, vilja 3", "Antagen till programmet", "Med i nätverksgrupp",
                     "Coachning startad", "Modul godkänd: Affärsidé" })
        {
            await Expect(timeline).ToContainTextAsync(step);
        }

        output.WriteLine($"The advisor's path took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task she_searches_by_identity_number_and_name_switches_to_english_and_signs_out()
    {
        var (_, name) = await PartnerReferralAsync();
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Cecilia Chef", "region-manager");

        await page.GetByRole(AriaRole.Link, new() { Name = "Deltagare", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sök" })).ToBeEnabledAsync();
        await page.GetByLabel("Namn").First.FillAsync(name.Split(' ')[1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sök" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await page.AccessibleAsync("05-search", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Participants" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signed out" })).ToBeVisibleAsync();
        await page.AccessibleAsync("14-signed-out", output);
        await page.GotoAsync(platform.PortalUrl + "/participants");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task the_session_cookie_is_http_only_and_holds_no_token()
    {
        await using var context = await platform.Browser.NewContextAsync();
        await platform.SignedInAsync(context, "Dina Rådgivare");

        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "neem-portal");

        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.True(cookie.Value.Length < 1_000, $"{cookie.Value.Length} characters: the session lives on the server");
        Assert.DoesNotContain("eyJ", cookie.Value); // no JWT
    }
}
