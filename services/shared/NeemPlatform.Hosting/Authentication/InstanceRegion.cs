namespace NeemPlatform.Hosting;

/// <summary>
/// The one region rule: an instance serves exactly one region (<c>Neem:Region</c>). A staff token for another region
/// (or naming none) is refused with 403 on every endpoint of every service, before any endpoint runs, so no endpoint
/// can forget it. Everything an endpoint records is tagged with the instance's region (<see cref="RegionOptions"/>),
/// never with a claim from the token.
/// </summary>
public static class InstanceRegion
{
    public static ProblemDetails OtherRegion(string instanceRegion) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Another region's instance",
        Type = Problems.TypeBase + "other-region",
        Detail = $"This instance serves the region '{instanceRegion}'. Your token is for another region or names none; sign in to your own region's platform."
    };

    /// <summary>True when a signed-in staff member's token names the region this instance serves.</summary>
    public static bool Matches(System.Security.Claims.ClaimsPrincipal user, string instanceRegion) =>
        string.Equals(user.StaffRegionClaim(), instanceRegion, StringComparison.Ordinal);

    /// <summary>Runs after authentication: a validated staff token whose region is not the instance's gets 403.</summary>
    public static IApplicationBuilder UseInstanceRegion(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var region = context.RequestServices.GetRequiredService<RegionOptions>().Region;
                if (!Matches(context.User, region))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails = OtherRegion(region)
                    });
                    return;
                }
            }

            await next(context);
        });
}
