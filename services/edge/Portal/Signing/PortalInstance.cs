namespace NeemPlatform.Portal.Signing;

/// <summary>
/// What a portal serves: a region's staff (its four services behind it), or, with <c>Neem:Region=national</c>, the steering group
/// and the region managers beside the national view (the national Impact alone behind it: aggregates, no person). Each kind of
/// portal answers only its own pages; the other kind's are not found, so no page can call a service that is not there.
/// </summary>
public sealed record PortalInstance(string Region)
{
    public bool IsNational => Region == Microsoft.Extensions.Hosting.Regions.National;

    /// <summary>The roles one may sign in with here.</summary>
    public IReadOnlyList<string> Roles => IsNational ? NationalRoles : RegionalRoles;

    public static readonly IReadOnlyList<string> RegionalRoles =
        ["advisor", "region-manager", "administrator", "loan-officer", "data-protection-officer", "researcher"];

    public static readonly IReadOnlyList<string> NationalRoles = ["steering-group", "region-manager"];

    /// <summary>The national portal's own pages (besides sign-in, sign-out, language and the framework's files).</summary>
    private static readonly string[] NationalPages = ["/national", "/dashboard/funders-report", "/reports/participants.csv"];

    /// <summary>Paths every portal answers: its start, sign-in and out, the language switch, errors, health and static files.</summary>
    private static readonly string[] Common =
        ["/signin", "/signout", "/signed-out", "/culture", "/forbidden", "/not-found", "/error", "/health", "/alive", "/_framework", "/_blazor", "/_content"];

    /// <summary>Whether this portal answers <paramref name="path"/>: a national portal only its own pages, a regional one all but those.</summary>
    public bool Answers(PathString path)
    {
        // "//national" reaches the same page as "/national": the rule reads the path with its slashes collapsed.
        if (path.Value?.Contains("//", StringComparison.Ordinal) == true)
        {
            path = new PathString(System.Text.RegularExpressions.Regex.Replace(path.Value, "/{2,}", "/"));
        }

        // The portal's own static files sit at its root (app.css and its fingerprinted copies); the rest under /_content, /_framework.
        var staticFile = path.Value is { } value && value.LastIndexOf('/') == 0 && Path.HasExtension(value);
        if (path == "/" || staticFile || Common.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var national = path.StartsWithSegments("/national", StringComparison.OrdinalIgnoreCase);
        return IsNational ? NationalPages.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) : !national;
    }

    /// <summary>The service that issues development tokens: the national Impact in the national portal, Participant in a region's.</summary>
    public string DevelopmentIssuer => IsNational ? Api.NeemServices.Impact : Api.NeemServices.Participant;
}

public static class PortalInstancePages
{
    /// <summary>A page of the other kind of portal is not found here (<see cref="PortalInstance.Answers"/>).</summary>
    public static IApplicationBuilder UseInstancePages(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (!context.RequestServices.GetRequiredService<PortalInstance>().Answers(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    });
}
