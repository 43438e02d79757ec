extern alias impact;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;
using Wolverine;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

/// <summary>
/// A region's Impact instance on a real loopback port in the test's process, on its own database, whose MIS feed the national
/// view (another process) reads with its key.
/// </summary>
public sealed class RegionalImpact(string region, string feedKey) : WebApplicationFactory<impact::Program>
{
    public string Region => region;

    public string ConnectionString { get; private set; } = "";

    public string Address { get; private set; } = "";

    public async Task StartAsync()
    {
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        ConnectionString = await TestPostgres.CreateDatabaseAsync($"national{region}");
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        Address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TestHostSettings.Apply(builder, ConnectionString, region);
        builder.UseSetting("Neem:Impact:FeedConsumers:national", feedKey);
    }

    /// <summary>Records facts through the instance's own handlers, as the region's services' messages would.</summary>
    public async Task RecordAsync(IEnumerable<object> facts)
    {
        foreach (var fact in facts)
        {
            using var scope = Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(fact);
        }
    }
}

/// <summary>
/// The national view as the AppHost starts it on its own machine (<c>Neem:Region=national</c>: the national Impact and its
/// portal), reading the feeds of three regional Impact instances that already hold a programme's facts.
/// </summary>
public sealed class NationalPlatform : IAsyncLifetime
{
    private const string FeedKey = "the-national-views-feed-key-in-the-browser-test-0123456789";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"neem-national-{Guid.NewGuid():N}"[..22]);

    /// <summary>Participants in network groups in each region, with one company start in each.</summary>
    public static readonly IReadOnlyDictionary<string, int> Joined = new Dictionary<string, int> { ["stockholm"] = 7, ["vasteras"] = 5, ["orebro"] = 3 };

    public IReadOnlyList<RegionalImpact> Regions { get; } = Joined.Keys.Select(r => new RegionalImpact(r, FeedKey)).ToList();

    public DistributedApplication App { get; private set; } = null!;

    public string PortalUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var joinedOn = SwedishToday.Date.AddMonths(-2);
        foreach (var region in Regions)
        {
            await region.StartAsync();
            await region.RecordAsync(Enumerable.Range(0, Joined[region.Region]).SelectMany(i => Journey(region.Region, joinedOn, started: i == 0)));
        }

        var port = FreePort();
        var arguments = new List<string>
        {
            "--Postgres:Mode=local", $"--Postgres:DataDirectory={_dataDirectory}", $"--Postgres:Port={port}", "--Neem:Region=national",
            "--Neem:National:PullSeconds=2"
        };
        foreach (var region in Regions)
        {
            arguments.Add($"--Neem:National:Regions:{region.Region}:Url={region.Address}");
            arguments.Add($"--Neem:National:Regions:{region.Region}:Key={FeedKey}");
        }

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NeemPlatform_AppHost>([.. arguments]);
        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await App.StartAsync(timeout.Token);
        foreach (var resource in new[] { "impact", "portal" })
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        PortalUrl = App.GetEndpoint("portal", "http").ToString().TrimEnd('/');
    }

    /// <summary>A client of the national Impact as <paramref name="role"/> (a token of its development issuer for the national view).</summary>
    public async Task<HttpClient> NationalAsync(string role)
    {
        var token = await App.CreateHttpClient("impact").PostAsJsonAsync("/dev/tokens", new { subject = "test-" + role, role, region = "national" });
        var client = App.CreateHttpClient("impact");
        client.DefaultRequestHeaders.Authorization =
            new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    private static object[] Journey(string region, DateOnly joined, bool started)
    {
        var id = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var facts = new List<object>
        {
            new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, region, Guid.NewGuid(), joined, "female", true, "30-39", "newly-arrived",
                "partner-referral", at, "secondary")
        };
        if (started)
        {
            var on = joined.AddDays(20);
            facts.Add(new ParticipantOutcomeRecorded(Guid.NewGuid(), id, region, "started-company", on, "sole-trader", on, false, "female", true,
                "30-39", "newly-arrived", "partner-referral", at));
        }

        return [.. facts];
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        foreach (var region in Regions)
        {
            await region.DisposeAsync();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[Collection("portal")]
public class the_steering_groups_day(PortalPlatform platform, NationalPlatform national, ITestOutputHelper output) : IClassFixture<NationalPlatform>
{
    /// <summary>Signs in on the national portal, which opens on the programme's figures.</summary>
    private async Task<IPage> SignedInAsync(IBrowserContext context, string name, string role)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(national.PortalUrl + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Nationellt")).ToBeVisibleAsync();
        await page.GetByLabel("Namn").FillAsync(name);
        await page.GetByLabel("Roll").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Programmet nationellt", Exact = true })).ToBeVisibleAsync();
        return page;
    }

    private static decimal Number(string shown) =>
        decimal.Parse(shown.Split('\n')[0].Replace("\u00a0", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim(),
            CultureInfo.InvariantCulture);

    [Fact]
    public async Task the_steering_group_sees_each_region_beside_a_total_equal_to_their_sum_and_is_told_when_a_region_is_behind()
    {
        var impact = await national.NationalAsync("steering-group");
        var report = await Eventually.ReturnsAsync(() => impact.GetFromJsonAsync<JsonElement>("/api/indicators"),
            r => r.GetProperty("total").GetProperty("indicators").EnumerateArray()
                .Single(i => i.GetProperty("key").GetString() == "participants-in-network-groups").GetProperty("value").GetDecimal() == NationalPlatform.Joined.Values.Sum(),
            TimeSpan.FromSeconds(60), "the national view to read the three regions' feeds");

        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await SignedInAsync(context, "Stina Styrgrupp", "steering-group");
        await Expect(page.GetByText("Styrgrupp")).ToBeVisibleAsync();
        var row = page.Locator("tr[data-indicator='participants-in-network-groups']");
        await Expect(row.Locator("td[data-scope=total]")).ToContainTextAsync("15");

        // Each region's column and the total as the page shows them: the total is the regions' sum, and each is the service's.
        var shown = new Dictionary<string, decimal>();
        foreach (var scope in NationalPlatform.Joined.Keys.Append("total"))
        {
            shown[scope] = Number(await row.Locator($"td[data-scope={scope}]").InnerTextAsync());
        }

        foreach (var (region, joined) in NationalPlatform.Joined)
        {
            Assert.Equal(joined, shown[region]);
        }

        Assert.Equal(NationalPlatform.Joined.Keys.Sum(r => shown[r]), shown["total"]);
        var regionsInReport = report.GetProperty("regions").EnumerateArray().ToDictionary(r => r.GetProperty("scope").GetString()!);
        foreach (var region in NationalPlatform.Joined.Keys)
        {
            var started = regionsInReport[region].GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("key").GetString() == "share-started-company");
            await Expect(page.Locator($"tr[data-indicator='share-started-company'] td[data-scope={region}]"))
                .ToContainTextAsync((started.GetProperty("value").GetDecimal() * 100m).ToString("0.0", new CultureInfo("sv-SE")) + " %");
        }

        // Every region's feed is current; no flag on the totals.
        foreach (var region in NationalPlatform.Joined.Keys)
        {
            await Expect(page.Locator($"tr[data-source={region}]")).ToHaveAttributeAsync("data-behind", "false");
        }

        await Expect(page.GetByTestId("totals-behind")).ToHaveCountAsync(0);
        await page.Locator("[data-chart=participants-by-region] .rz-chart svg").First.WaitForAsync();
        await page.AccessibleAsync("44-national", output);

        // The funders' report for the year, the programme's whole: counts only, no participant's id or staff member in it.
        var from = new DateOnly(SwedishToday.Midnight.Year, 1, 1).AddYears(-1);
        var csv = await page.Context.APIRequest.GetAsync($"{national.PortalUrl}/reports/participants.csv?from={from:yyyy-MM-dd}&to={SwedishToday.Midnight:yyyy-MM-dd}");
        Assert.Equal(200, csv.Status);
        var text = await csv.TextAsync();
        Assert.True(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1, text);
        Assert.DoesNotMatch("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text);

        // Örebro's instance goes down: the next pull fails, its row says so with the error, and the totals carry the flag.
        var orebro = national.Regions.Single(r => r.Region == "orebro");
        await orebro.DisposeAsync();
        await Eventually.ReturnsAsync(() => impact.GetFromJsonAsync<JsonElement>("/api/indicators"),
            r => r.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("region").GetString() == "orebro").GetProperty("behind").GetBoolean(),
            TimeSpan.FromSeconds(30), "the national view to notice that Örebro's feed does not answer");
        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-source=orebro]")).ToHaveAttributeAsync("data-behind", "true");
        await Expect(page.Locator("tr[data-source=orebro]")).ToContainTextAsync("Efter");
        await Expect(page.GetByTestId("totals-behind")).ToContainTextAsync("Summan saknar de senaste uppgifterna från Örebro");
        await Expect(page.Locator("tr[data-source=stockholm]")).ToHaveAttributeAsync("data-behind", "false");
        await page.AccessibleAsync("45-national-region-behind", output);
    }

    [Fact]
    public async Task the_national_portal_has_no_regional_page_and_a_regional_portal_no_national_one()
    {
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await SignedInAsync(context, "Rolf Regionchef", "region-manager");
        // Only the national pages: the menu has nothing else, and a regional address is not found (no call to a service that is not there).
        Assert.Equal(1, await page.Locator("nav.portal-menu a").CountAsync());
        foreach (var path in new[] { "/participants", "/loans", "/audit", "/research", "/audit/identity-reveals.csv", "/research/studies/1/history",
                     "/PARTICIPANTS", "/admin/partners" })
        {
            var response = await page.GotoAsync(national.PortalUrl + path);
            Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        }

        // The roles of a region cannot sign in here; the steering group cannot sign in to a region's portal.
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync(national.PortalUrl + "/signin");
        Assert.Equal(["steering-group", "region-manager"], await signIn.Locator("select option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));
        await signIn.GotoAsync(platform.PortalUrl + "/signin");
        Assert.DoesNotContain("steering-group", await signIn.Locator("select option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));
        var regional = await signIn.GotoAsync(platform.PortalUrl + "/national");
        Assert.Equal((int)HttpStatusCode.NotFound, regional!.Status);
    }
}
