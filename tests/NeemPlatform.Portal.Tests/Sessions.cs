using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

[Collection("portal")]
public class portal_sessions(PortalPlatform platform, ITestOutputHelper output)
{
    private const string Cookie = "neem-portal";

    private static async Task<string> SessionCookieAsync(IBrowserContext context) =>
        (await context.CookiesAsync()).Single(c => c.Name == Cookie).Value;

    private async Task PlantAsync(IBrowserContext context, string name, string value) =>
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = name, Value = value, Url = platform.PortalUrl + "/" }]);

    private async Task SignInOnTheSignInPageAsync(IPage page, string name, string role)
    {
        await page.GotoAsync(platform.PortalUrl + "/signin");
        await page.GetByLabel("Namn").FillAsync(name);
        await page.GetByLabel("Roll").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min arbetslista" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(Cookie)]
    [InlineData("NEEM-PORTAL")] // ASP.NET reads request cookies whatever their letter case
    public async Task a_session_cookie_planted_before_sign_in_never_becomes_the_new_persons_session(string plantedName)
    {
        // Eve signs in as an advisor and plants her own session cookie in the administrator's browser.
        await using var eve = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var evesPage = await platform.SignedInAsync(eve, "Eve Advisor");
        var planted = await SessionCookieAsync(eve);
        await using var alva = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        await PlantAsync(alva, plantedName, planted);

        var page = await alva.NewPageAsync();
        await SignInOnTheSignInPageAsync(page, "Alva Admin", "administrator");

        // Alva is the administrator under a session of her own; the planted one is over and was never hers.
        await Expect(page.Locator(".who")).ToContainTextAsync("Alva Admin");
        Assert.NotEqual(planted, await SessionCookieAsync(alva));
        await evesPage.GotoAsync(platform.PortalUrl + "/admin/partners");
        await Expect(evesPage.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
        await Expect(evesPage.GetByText("Alva Admin")).ToHaveCountAsync(0);
        output.WriteLine($"planted {plantedName}, Alva's cookie differs, Eve is signed out");
    }

    [Fact]
    public async Task signing_in_again_gives_a_new_session_and_ends_the_earlier_one()
    {
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Berit Rådgivare");
        var first = await SessionCookieAsync(context);

        await SignInOnTheSignInPageAsync(page, "Berit Rådgivare", "advisor");

        Assert.NotEqual(first, await SessionCookieAsync(context));
        await using var copy = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        await PlantAsync(copy, Cookie, first);
        var stale = await copy.NewPageAsync();
        await stale.GotoAsync(platform.PortalUrl + "/");
        await Expect(stale.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task an_open_page_loses_its_session_when_she_signs_out_in_another_tab()
    {
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var open = await platform.SignedInAsync(context, "Cecilia Chef", "region-manager");
        await Expect(open.Locator("[data-page-ready]")).ToHaveCountAsync(1);
        var other = await context.NewPageAsync();
        await other.GotoAsync(platform.PortalUrl + "/");
        await other.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();

        // The first tab's circuit finds its session gone within its revalidation interval and goes to the sign-in page.
        await Expect(open.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync(new() { Timeout = 40_000 });
    }

    [Fact]
    public async Task signing_out_takes_the_portals_antiforgery_token()
    {
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await platform.SignedInAsync(context, "Doris Rådgivare");

        // Another site's form posting to /signout carries the cookie but no token: refused, still signed in.
        var forged = await context.APIRequest.PostAsync(platform.PortalUrl + "/signout",
            new() { Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, Data = "x=1", MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
        await page.ReloadAsync();
        await Expect(page.Locator(".who")).ToContainTextAsync("Doris Rådgivare");

        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await page.GotoAsync(platform.PortalUrl + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/\u0001x")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/%5Cevil.example")]
    public async Task choosing_a_language_goes_back_only_into_the_portal(string back)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = await client.GetAsync($"{platform.PortalUrl}/culture?culture=en-GB&back={Uri.EscapeDataString(back)}");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!.OriginalString;
        Assert.True(location == "/" || (location.StartsWith('/') && !location.StartsWith("//") && !location.StartsWith("/\\")), location);
    }

    [Fact]
    public async Task every_page_says_what_it_may_load_and_is_never_sniffed()
    {
        using var client = new HttpClient();
        foreach (var path in new[] { "/signin", "/signed-out", "/not-found" })
        {
            var answer = await client.GetAsync(platform.PortalUrl + path);
            var policy = string.Join(" ", answer.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", policy);
            Assert.Contains("script-src 'self'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
        }

        // And the portal works under it: no page breaks the policy while an advisor signs in and opens her worklist.
        await using var context = await platform.Browser.NewContextAsync(new() { Locale = "sv-SE" });
        var violations = new List<string>();
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        var page = await platform.SignedInAsync(context, "Ebba Rådgivare");
        await Expect(page.Locator("[data-page-ready]")).ToHaveCountAsync(1);
        await page.GotoAsync(platform.PortalUrl + "/participants");
        await Expect(page.Locator("[data-page-ready]")).ToHaveCountAsync(1);
        Assert.Empty(violations);
    }
}
