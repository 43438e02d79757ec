using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NeemPlatform.Portal.Tests;

/// <summary>What every browser scenario does: sign in on the development sign-in page, and check a page for accessibility.</summary>
public static class Browsing
{
    /// <summary>A new page signed in as <paramref name="name"/> with <paramref name="role"/>, on her worklist.</summary>
    public static async Task<IPage> SignedInAsync(this PortalPlatform platform, IBrowserContext context, string name, string role = "advisor")
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(platform.PortalUrl + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
        await page.GetByLabel("Namn").FillAsync(name);
        await page.GetByLabel("Roll").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Min arbetslista" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Saves a screenshot of the page as a test artifact and fails on any serious or critical axe violation.</summary>
    public static async Task AccessibleAsync(this IPage page, string name, ITestOutputHelper output)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalPlatform.ScreenshotDirectory, $"{name}.png"), FullPage = true });
        var axe = await page.RunAxe();
        foreach (var violation in axe.Violations)
        {
            output.WriteLine($"{name}: {violation.Impact} {violation.Id} ({violation.Nodes.Length}): {violation.Help} " +
                             string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html)));
        }

        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help}")));
    }
}
