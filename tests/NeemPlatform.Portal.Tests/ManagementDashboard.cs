using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NeemPlatform.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class the_region_managers_dashboard(PortalPlatform platform, ITestOutputHelper output)
{
    private static readonly CultureInfo Swedish = new("sv-SE");
    private static readonly DateOnly Today = SwedishToday.Date;
    private static readonly Dictionary<string, string> States = new()
    {
        ["below"] = "Under målet",
        ["met"] = "Målet är nått",
        ["within"] = "Inom målet",
        ["above"] = "Över målet"
    };

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A value as the dashboard writes it: a share as a percentage with one decimal, a count as a whole number.</summary>
    private static string Shown(decimal value, bool share) =>
        share ? (value * 100m).ToString("0.0", Swedish) + " %" : value.ToString("#,##0", Swedish);

    private async Task<JsonElement> IndicatorsWithSomeoneInAGroupAsync(HttpClient impact)
    {
        await platform.SomeoneInANetworkGroupInTheMisAsync();
        return await impact.GetFromJsonAsync<JsonElement>($"/api/indicators?asOf={Day(Today)}");
    }

    [Fact]
    public async Task a_region_manager_sees_every_indicator_against_its_target_in_swedish_and_the_charts_show_the_services_series()
    {
        var impact = await platform.StaffAsync("impact", "region-manager", "manager-maria");
        await IndicatorsWithSomeoneInAGroupAsync(impact);
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Maria Regionchef", "region-manager");

        await page.GetByRole(AriaRole.Link, new() { Name = "Resultat och mål" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Indikatorer mot målen" })).ToBeVisibleAsync();
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var report = await impact.GetFromJsonAsync<JsonElement>($"/api/indicators?asOf={Day(Today)}");
        var first = Today.AddMonths(-11);
        var series = await impact.GetFromJsonAsync<JsonElement>($"/api/indicators/series?from={first:yyyy-MM}&to={Today:yyyy-MM}");

        // Every indicator the service computes has a row: its Swedish name (not the service's English), its value and state.
        var indicators = report.GetProperty("total").GetProperty("indicators").EnumerateArray().ToList();
        Assert.True(indicators.Count >= 10);
        foreach (var indicator in indicators)
        {
            var key = indicator.GetProperty("key").GetString()!;
            var row = page.Locator($"tr[data-indicator='{key}']");
            var share = indicator.GetProperty("unit").GetString() == "share";
            var name = await row.Locator("summary").InnerTextAsync();
            Assert.NotEqual(indicator.GetProperty("name").GetString(), name);
            if (indicator.GetProperty("value").ValueKind == JsonValueKind.Number)
            {
                await Expect(row.Locator("td").First).ToHaveTextAsync(Shown(indicator.GetProperty("value").GetDecimal(), share));
            }

            if (indicator.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String)
            {
                await Expect(row.Locator(".status")).ToHaveTextAsync(States[status.GetString()!]);
            }
        }

        var participants = page.Locator("tr[data-indicator='participants-in-network-groups']");
        await Expect(participants).ToContainTextAsync("minst 60");
        await Expect(participants.GetByTestId("programme-target")).ToHaveTextAsync("hela programmet: minst 180");
        await Expect(page.Locator("tr[data-indicator='share-started-company']")).ToContainTextAsync("20,0–30,0 %");
        await participants.Locator("summary").ClickAsync();
        await Expect(participants).ToContainTextAsync("Antal deltagare som har gått med i en nätverksgrupp senast det valda datumet.");

        // Each chart's points are the service's monthly series, month by month (shares as percentages).
        var labels = series.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(12, labels.Count);
        foreach (var (chart, key, share) in new[] { ("participants", "participants-in-network-groups", false), ("shares", "share-of-women", true),
                     ("loans", "par30", true) })
        {
            var line = series.GetProperty("series").EnumerateArray()
                .Single(s => s.GetProperty("key").GetString() == key && s.GetProperty("scope").GetString() == "total");
            var points = line.GetProperty("points").EnumerateArray().ToList();
            Assert.Equal(labels, points.Select(p => p.GetProperty("month").GetString()));
            if (points.All(p => p.GetProperty("value").ValueKind != JsonValueKind.Number))
            {
                await Expect(page.Locator($"[data-chart='{chart}']")).ToContainTextAsync("Inga värden ännu");
                continue;
            }

            await page.Locator($"[data-chart='{chart}'] summary").ClickAsync();
            foreach (var point in points)
            {
                var value = point.GetProperty("value");
                var cell = page.Locator($"[data-chart='{chart}'] td[data-series='{key}'][data-month='{point.GetProperty("month").GetString()}']");
                await Expect(cell).ToHaveTextAsync(value.ValueKind == JsonValueKind.Number ? Shown(value.GetDecimal(), share) : "–");
            }
        }

        // Radzen draws a chart once it has measured its box in the browser: wait for the lines, do not count them at once.
        await Expect(page.Locator("[data-chart='participants'] svg path")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByTestId("socio-total")).ToContainTextAsync("parameterversion");
        await page.AccessibleAsync("40-dashboard", output);
    }

    [Fact]
    public async Task the_funders_report_downloads_as_the_services_csv_and_prints_as_a_page_without_names()
    {
        var impact = await platform.StaffAsync("impact", "region-manager", "manager-maria");
        await IndicatorsWithSomeoneInAGroupAsync(impact);
        await using var context = await platform.Browser.NewContextAsync();
        var page = await platform.SignedInAsync(context, "Maria Regionchef", "region-manager");
        await page.GotoAsync(platform.PortalUrl + "/dashboard");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Ladda ner som CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        var fromService = await impact.GetStringAsync($"/api/reports/participants.csv?from={Today.Year}-01-01&to={Day(Today)}");

        Assert.Equal($"deltagarrapport-{Today.Year}-01-01-{Day(Today)}.csv", download.SuggestedFilename);
        Assert.Equal(fromService, csv);
        Assert.Contains(",entered,stockholm,", csv);
        Assert.DoesNotContain("Fatou", csv);
        Assert.DoesNotContain("Planberg", csv);
        Assert.DoesNotContain("manager-maria", csv);

        await page.GetByRole(AriaRole.Button, new() { Name = "Visa rapporten för utskrift" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deltagarrapport till finansiärer" })).ToBeVisibleAsync();
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        await Expect(page.Locator("tr[data-measure]")).ToHaveCountAsync(rows);
        await Expect(page.Locator("tr[data-measure='entered']").First).ToContainTextAsync("Började");
        await page.AccessibleAsync("41-funders-report", output);
    }

    [Fact]
    public async Task the_co_financing_of_each_month_and_the_participant_report_by_name_are_the_services_figures()
    {
        var impact = await platform.StaffAsync("impact", "region-manager", "manager-maria");
        await IndicatorsWithSomeoneInAGroupAsync(impact);
        var month = Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var fromService = await impact.GetFromJsonAsync<JsonElement>($"/api/reports/co-financing?from={Today.Year}-01&to={month}");
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Maria Regionchef", "region-manager");
        await page.GotoAsync(platform.PortalUrl + "/dashboard");
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var table = page.GetByTestId("co-financing");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(fromService.GetProperty("months").GetArrayLength());
        foreach (var m in fromService.GetProperty("months").EnumerateArray())
        {
            var total = m.GetProperty("totalSek").GetDecimal().ToString("#,##0.00", Swedish) + " kr";
            await Expect(table.Locator($"tr[data-month='{m.GetProperty("month").GetString()}']")).ToContainTextAsync(total);
        }

        await page.GetByText("Timsatser per version").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Timsatser per version" })).ToContainTextAsync("81,25 kr/h");

        await page.GetByRole(AriaRole.Button, new() { Name = "Visa deltagarna" }).ClickAsync();
        var participants = page.GetByTestId("participant-months");
        var inTheMonth = await impact.GetFromJsonAsync<JsonElement>($"/api/reports/participant-months?month={month}");
        await Expect(participants.Locator("tbody tr")).ToHaveCountAsync(inTheMonth.GetProperty("participants").GetArrayLength());
        await Expect(participants).ToContainTextAsync("I programmet");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("participant-months-csv").ClickAsync());
        var csv = (await File.ReadAllTextAsync(await download.PathAsync())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("month,participant_id,name,group_coaching_hours", csv[0]);
        Assert.Equal(inTheMonth.GetProperty("participants").GetArrayLength(), csv.Length - 1);
        Assert.All(csv.Skip(1), line => Assert.StartsWith(month + ",", line));

        // A funder that requires identity numbers: the region manager gets them with a reason, each one audited.
        await page.GetByLabel("Varför finansiären behöver personnumren (loggas för varje deltagare)").FillAsync("ESF-rapporten för månaden till ESF-rådet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hämta personnummer för finansiären" }).ClickAsync();
        await Expect(participants.GetByTestId("identity-number").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^\d{8}-\d{4}$") }).First)
            .ToBeVisibleAsync();
        var audit = await (await platform.StaffAsync("participant", "region-manager", "maria.regionchef"))
            .GetFromJsonAsync<JsonElement>("/api/audit/identity-reveals?pageSize=200");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("purpose").GetString() == "funder-report");
        await page.AccessibleAsync("44-co-financing", output);
    }

    [Fact]
    public async Task an_advisor_has_no_dashboard_and_a_bad_period_is_refused_naming_the_field()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var advisor = await platform.SignedInAsync(context, "Greta Rådgivare", "advisor");
        await Expect(advisor.GetByRole(AriaRole.Link, new() { Name = "Resultat och mål" })).ToHaveCountAsync(0);
        await advisor.GotoAsync(platform.PortalUrl + "/dashboard");
        await Expect(advisor.GetByRole(AriaRole.Heading, new() { Name = "Ingen behörighet" })).ToBeVisibleAsync();
        var refused = await advisor.APIRequest.GetAsync(platform.PortalUrl + $"/reports/participants.csv?from={Today.Year}-01-01&to={Day(Today)}",
            new() { MaxRedirects = 0 });
        Assert.NotEqual((int)HttpStatusCode.OK, refused.Status);
        Assert.DoesNotContain("period_from", await refused.TextAsync());

        await using var managers = await platform.Browser.NewContextAsync();
        var manager = await platform.SignedInAsync(managers, "Maria Regionchef", "region-manager");
        var bad = await manager.APIRequest.GetAsync(platform.PortalUrl + "/reports/participants.csv?from=2026-13-01&to=2026-01-31");
        Assert.Equal(400, bad.Status);
        Assert.StartsWith("application/problem+json", bad.Headers["content-type"]);
        var problem = JsonDocument.Parse(await bad.TextAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
        Assert.False(problem.GetProperty("errors").TryGetProperty("to", out _));
        await manager.GotoAsync(platform.PortalUrl + "/dashboard/funders-report?from=2026-13-01&to=2026-01-31");
        await Expect(manager.GetByRole(AriaRole.Alert)).ToContainTextAsync("Rätta fälten"); // the printable page refuses it too, in Swedish
        await Expect(manager.Locator("tr[data-measure]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task a_region_manager_publishes_new_assumptions_for_the_socio_economic_model_and_the_result_uses_them_in_swedish()
    {
        await platform.SomeoneInANetworkGroupInTheMisAsync();
        await platform.PartnerReferralAsync(); // a partner's referral for the reach
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Maria Regionchef", "region-manager");
        await page.GotoAsync(platform.PortalUrl + "/dashboard");
        var current = page.GetByTestId("parameters-current");
        await Expect(current).ToContainTextAsync("Version");
        var version = int.Parse(System.Text.RegularExpressions.Regex.Match(await current.InnerTextAsync(), @"Version (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        // The steps in Swedish, the payer by its Swedish name.
        await Expect(page.Locator("tr[data-step='exclusion-cost-avoided']").First).ToContainTextAsync("Undvikna kostnader för utanförskap, kommunen");

        // Without a source nothing is published, and the service names the field.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publicera ny version" })).ToBeEnabledAsync();
        await page.GetByLabel("Skatteintäkter per startat företag och år (kr)").FillAsync("75000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera ny version" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(current).ToContainTextAsync($"Version {version},");

        await page.GetByLabel("Varifrån värdena kommer (källa och varför)").FillAsync("Regionens egna siffror för 2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicera ny version" }).ClickAsync();
        await Expect(current).ToContainTextAsync($"Version {version + 1},");
        await Expect(current).ToContainTextAsync("Maria Regionchef");
        await Expect(page.GetByTestId("socio-total")).ToContainTextAsync($"parameterversion {version + 1}");
        await Expect(page.Locator("tr[data-step='tax-revenue']")).ToContainTextAsync("75 000,00 kr");
        await page.AccessibleAsync("47-socio-economic-parameters", output);

        // The funnel of the year up to today: the page's counts are the service's, step by step.
        var impact = await platform.StaffAsync("impact", "region-manager", "manager-maria");
        var funnel = await impact.GetFromJsonAsync<JsonElement>($"/api/indicators/funnel?from={Day(Today.AddMonths(-12).AddDays(1))}&to={Day(Today)}&asOf={Day(Today)}");
        var all = funnel.GetProperty("rows")[0];
        Assert.True(all.GetProperty("referred").GetInt32() >= 1);
        foreach (var (step, field) in new[] { ("Referred", "referred"), ("Selected", "selected"), ("InNetworkGroup", "inNetworkGroup"), ("StartedCompany", "startedCompany") })
        {
            await Expect(page.Locator($"[data-testid=funnel] tr[data-source=all] td[data-step={step}]")).ToHaveTextAsync(all.GetProperty(field).GetInt32().ToString(CultureInfo.InvariantCulture));
        }

        // The milestones the AppHost was given: each against its own targets, counted by its end or today.
        var periods = await impact.GetFromJsonAsync<JsonElement>("/api/indicators/periods");
        Assert.Equal(2, periods.GetArrayLength());
        var running = periods[1].GetProperty("scopes").EnumerateArray().Single(x => x.GetProperty("scope").GetString() == "total");
        await Expect(page.Locator("[data-period=Mobiliseringsfasen]")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("periods")).ToContainTextAsync("Genomförandefasen, till 2099-12-31 (pågår");
        await Expect(page.Locator("[data-period=Genomförandefasen] tr[data-scope=total] [data-count=participants]"))
            .ToContainTextAsync($"{running.GetProperty("participants").GetInt32()} av 60");

        // The referrals' reach per partner and municipality: the page's rows are the service's, the partner by name.
        var participant = await platform.StaffAsync("participant", "region-manager", "manager-maria");
        var reach = await participant.GetFromJsonAsync<JsonElement>($"/api/referral-reach?from={Day(Today.AddMonths(-12).AddDays(1))}&to={Day(Today)}");
        foreach (var (list, field) in new[] { ("partner", "byPartner"), ("municipality", "byMunicipality") })
        {
            var rows = reach.GetProperty(field).EnumerateArray().ToList();
            Assert.NotEmpty(rows);
            foreach (var row in rows.Take(3))
            {
                var shown = page.Locator($"[data-reach={list}] tr[data-name='{row.GetProperty("name").GetString()}']");
                await Expect(shown.Locator("[data-count=referrals]")).ToHaveTextAsync(row.GetProperty("referrals").GetInt32().ToString(CultureInfo.InvariantCulture));
                await Expect(shown.Locator("[data-count=selected]")).ToHaveTextAsync(row.GetProperty("selected").GetInt32().ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
