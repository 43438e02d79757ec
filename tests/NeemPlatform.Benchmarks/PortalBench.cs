using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// How soon each portal page is interactive, measured in Debian's Chromium against a running platform (the README's run
/// command, filled by the demo data command): from the navigation's start until the page is live (its circuit connected)
/// and shows its data, which the portal marks with <c>data-page-ready</c>. An advisor opens each of her pages 20 times (her
/// participants' pages: 20 different participants), a loan officer each of his (20 different loans); the figure per page is
/// the 95th percentile. At the portal's intended size, fill the region first with the demo data's <c>--at-scale</c>.
/// </summary>
internal static class PortalBench
{
    /// <summary>
    /// Tops the running platform's MIS history up to <paramref name="facts"/> facts (generated journeys of people the other services
    /// do not know, written with Impact's own event store settings), so the dashboard is measured over a history of that size.
    /// The platform's database: <paramref name="connectionString"/>, or the local run's (its password file beside its data).
    /// </summary>
    public static async Task TopUpMisAsync(int facts, string? connectionString)
    {
        connectionString ??= LocalPlatformDatabase();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        long present;
        await using (var count = dataSource.CreateCommand("select count(*) from impact.mt_events"))
        {
            present = (long)(await count.ExecuteScalarAsync())!;
        }

        if (present >= facts)
        {
            Console.WriteLine($"portal: the MIS history already holds {present:N0} facts");
            return;
        }

        using var store = Bench.MisStore(dataSource);
        var (written, participants, seconds) = await Bench.FillAsync(store, (int)(facts - present), "portal MIS top-up");
        Console.WriteLine($"portal: {written:N0} MIS facts of {participants:N0} generated people added in {seconds:0} s ({present + written:N0} in all)");
    }

    /// <summary>
    /// Asks the running Impact for the indicators once, without a page's time limit: it reads what was added to its history
    /// behind its back (as it does at start-up), so the page's visits measure a platform that has read its history.
    /// </summary>
    public static async Task LetImpactReadItsHistoryAsync(string participantUrl, string impactUrl)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(participantUrl) };
        var region = (await anonymous.GetFromJsonAsync<JsonElement>("/api/info")).GetProperty("region").GetString();
        var token = await (await anonymous.PostAsJsonAsync("/dev/tokens", new { subject = "bench-manager", role = "region-manager", region }))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var impact = new HttpClient { BaseAddress = new Uri(impactUrl), Timeout = TimeSpan.FromMinutes(10) };
        impact.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var clock = Stopwatch.StartNew();
        (await impact.GetAsync("/api/indicators")).EnsureSuccessStatusCode();
        Console.WriteLine($"portal: Impact read its history in {clock.Elapsed.TotalSeconds:0} s");
    }

    private static string LocalPlatformDatabase()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        var root = Environment.UserName == "root" ? "/var/lib/neem-platform" : Path.Combine(dataHome, "neem-platform");
        var password = File.ReadAllText(Path.Combine(root, "stockholm", "neem.password")).Trim();
        return $"Host=127.0.0.1;Port=55432;Database=neem;Username=neem;Password={password}";
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(string portalUrl, string participantUrl, string lendingUrl, string? only = null, int visits = 20)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(participantUrl) };
        var region = (await anonymous.GetFromJsonAsync<JsonElement>("/api/info")).GetProperty("region").GetString();
        var token = await (await anonymous.PostAsJsonAsync("/dev/tokens", new { subject = "bench-advisor", role = "advisor", region }))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var api = new HttpClient { BaseAddress = new Uri(participantUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var inProgramme = await (await api.PostAsJsonAsync("/api/participants/search", new { status = "in-programme", pageSize = visits }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var anyone = await (await api.PostAsJsonAsync("/api/participants/search", new { pageSize = visits })).Content.ReadFromJsonAsync<JsonElement>();
        var officerToken = await (await anonymous.PostAsJsonAsync("/dev/tokens", new { subject = "bench-officer", role = "loan-officer", region }))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var lending = new HttpClient { BaseAddress = new Uri(lendingUrl) };
        lending.DefaultRequestHeaders.Authorization = new("Bearer", officerToken.GetProperty("accessToken").GetString());
        var active = await lending.GetFromJsonAsync<JsonElement>($"/api/loans?status=active&pageSize={visits}");
        var files = await lending.GetFromJsonAsync<JsonElement>($"/api/credit-files?pageSize={visits}");
        var loans = active.GetProperty("loans").EnumerateArray().Select(l => l.GetProperty("loanId").GetGuid()).ToList();
        var borrowers = files.GetProperty("creditFiles").EnumerateArray().Select(f => f.GetProperty("participantId").GetGuid()).ToList();
        var coached = inProgramme.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        var people = anyone.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        if (people.Count == 0 || coached.Count == 0 || loans.Count == 0)
        {
            throw new InvalidOperationException("The platform has no participants in the programme or no loans: run the demo data command first (see the README).");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NEEM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"]
        });
        await using var advisorContext = await browser.NewContextAsync(new() { Locale = "sv-SE" });
        await using var officerContext = await browser.NewContextAsync(new() { Locale = "sv-SE" });
        await using var managerContext = await browser.NewContextAsync(new() { Locale = "sv-SE" });
        var advisor = await SignedInAsync(advisorContext, portalUrl, "Mätning Rådgivare", "advisor");
        var officer = await SignedInAsync(officerContext, portalUrl, "Mätning Handläggare", "loan-officer");
        var manager = await SignedInAsync(managerContext, portalUrl, "Mätning Regionchef", "region-manager");

        var advisorPages = new (string Name, Func<int, string> Path)[]
        {
            ("worklist", _ => "/"),
            ("referrals inbox", _ => "/referrals"),
            ("participant search", _ => "/participants"),
            ("participant page with her journey", i => $"/participants/{people[i % people.Count]}"),
            ("coaching and checklists", i => $"/participants/{coached[i % coached.Count]}/coaching"),
            ("business plan and budget", i => $"/participants/{coached[i % coached.Count]}/business-plan"),
            ("sessions and attendance", _ => "/sessions"),
            ("workshops", _ => "/workshops"),
            ("network groups", _ => "/network-groups"),
            ("modules to approve", _ => "/modules-to-approve")
        };
        var officerPages = new (string Name, Func<int, string> Path)[]
        {
            ("loan officer's worklist", _ => "/"),
            ("loans", _ => "/loans"),
            ("a loan with its ledger", i => $"/loans/{loans[i % loans.Count]}"),
            ("credit files", _ => "/credit-files"),
            ("loan application with its offer", i => $"/loans/new/{borrowers[i % borrowers.Count]}"),
            ("arrears worklist and PAR", _ => "/arrears")
        };
        var managerPages = new (string Name, Func<int, string> Path)[]
        {
            ("results and targets with charts", _ => "/dashboard")
        };

        var results = new List<Result>();
        foreach (var (how, open) in new (string, Func<IPage, string, string, Task<double>>)[] { ("in the portal", NavigateAsync), ("by address", LoadAsync) })
        {
            var all = new List<double>();
            foreach (var (page, away, name, path) in advisorPages.Select(p => (advisor, "/network-groups", p.Name, p.Path))
                         .Concat(officerPages.Select(p => (officer, "/loans", p.Name, p.Path)))
                         .Concat(managerPages.Select(p => (manager, "/network-groups", p.Name, p.Path)))
                         .Where(p => only is null || p.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
            {
                var times = new List<double>();
                try
                {
                    await open(page, portalUrl + path(0), away); // the first visit of a page warms the server's code for it
                    for (var i = 0; i < visits; i++)
                    {
                        times.Add(await open(page, portalUrl + path(i), away));
                    }
                }
                catch (TimeoutException e)
                {
                    await page.ScreenshotAsync(new() { Path = "portal-bench-timeout.png", FullPage = true });
                    throw new TimeoutException($"{name} ({how}, {page.Url}) was not live with its data within 30 s (see portal-bench-timeout.png)", e);
                }

                all.AddRange(times);
                results.Add(new Result($"portal, {how}: {name}, p50/p95 {HttpBench.P(times, 50)}/{HttpBench.P(times, 95)} ms",
                    HttpBench.Percentile(times, 95), "ms (p95)", null, times.Sum() / 1000));
            }

            results.Add(new Result($"portal, {how}: every page, {all.Count} visits, p50/p95 {HttpBench.P(all, 50)}/{HttpBench.P(all, 95)} ms",
                HttpBench.Percentile(all, 95), "ms (p95)", null, all.Sum() / 1000));
        }

        return results;
    }

    private static async Task<IPage> SignedInAsync(IBrowserContext context, string portalUrl, string name, string role)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(portalUrl + "/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" }).WaitForAsync();
        await page.GetByLabel("Namn").FillAsync(name);
        await page.GetByLabel("Roll").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        try
        {
            await page.GetByRole(AriaRole.Heading, new() { Name = "Min arbetslista" }).WaitForAsync();
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new() { Path = "portal-bench-signin.png", FullPage = true });
            throw new InvalidOperationException($"Sign-in at {portalUrl} did not reach the worklist (see portal-bench-signin.png); the page says: " +
                                                await page.Locator("main").InnerTextAsync());
        }

        return page;
    }

    /// <summary>
    /// A link followed inside the portal (enhanced navigation on the open connection), from another page: ms until the
    /// new page is live and loaded.
    /// </summary>
    private static async Task<double> NavigateAsync(IPage page, string url, string away)
    {
        var from = new Uri(url).AbsolutePath == away ? "/" : away;
        if (new Uri(page.Url).AbsolutePath != from) // a link to the page already open renders nothing new
        {
            await GoAsync(page, new Uri(new Uri(url), from).ToString());
        }

        return await GoAsync(page, url);
    }

    private static async Task<double> GoAsync(IPage page, string url)
    {
        var last = await page.Locator("[data-page-ready]").GetAttributeAsync("data-page-ready", new() { Timeout = 30_000 });
        var clock = Stopwatch.StartNew();
        await page.EvaluateAsync("url => Blazor.navigateTo(url)", url);
        await page.Locator($"[data-page-ready]:not([data-page-ready='{last}'])")
            .WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>A page opened by its address (a bookmark, a reload): ms from the request until the page is live and loaded.</summary>
    private static async Task<double> LoadAsync(IPage page, string url, string away)
    {
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-page-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return clock.Elapsed.TotalMilliseconds;
    }
}
