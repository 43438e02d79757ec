using Microsoft.AspNetCore.Localization;
using NeemPlatform.Portal.Components;
using NeemPlatform.Portal.Signing;
using Radzen;

namespace NeemPlatform.Portal;

/// <summary>Everything the portal registers and maps; Program.cs knows no feature.</summary>
public static class PortalModule
{
    public static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddAuthorization();
        var instance = new PortalInstance(builder.Configuration["Neem:Region"] ?? "");
        builder.Services.AddSingleton(instance);
        builder.Services.AddPortalAuthentication(builder.Configuration, builder.Environment, instance);
        builder.Services.AddRadzenComponents();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Swedish);
            o.SupportedCultures = o.SupportedUICultures = [Swedish, English];
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        foreach (var service in NeemServices.All)
        {
            // Service discovery resolves http://participant etc. (Aspire); Services:<name> overrides it.
            var address = builder.Configuration[$"Services:{service}"] ?? $"http://{service}";
            builder.Services.AddHttpClient(service, c =>
            {
                c.BaseAddress = new Uri(address);
                c.Timeout = TimeSpan.FromSeconds(30);
            });
        }

        builder.Services.AddServiceClients();
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseSecurityHeaders();
        app.UseInstancePages();
        app.UseRequestLocalization();
        app.UseNewSessionAtSignIn();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapDefaultEndpoints();
        // The whole Content-Security-Policy (frame-ancestors included) comes from UseSecurityHeaders.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

        app.MapFundersReportDownload();
        app.MapParticipantMonthsDownload();
        app.MapRevealAuditExport();
        app.MapResearchExportDownload();

        // The language is a choice per user, kept in a cookie; only the two the portal speaks, only back into the portal.
        app.MapGet("/culture", (string culture, string? back, HttpContext http) =>
        {
            var chosen = culture == English.Name ? English : Swedish;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true });
            return Results.LocalRedirect(ReturnAddress.OrHome(back));
        });

        // Signing out ends the server-side session (and the organisation's, when signed in through it). Only the portal's own
        // form may do it: a post without its antiforgery token (another site's form, an image) is refused and changes nothing.
        app.MapPost("/signout", async (HttpContext http, PortalAuthOptions options, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                    detail: "Sign out from the portal's own button.");
            }

            await http.SignOutAsync(PortalSignIn.CookieScheme);
            if (!options.UsesDevelopmentSignIn(app.Environment))
            {
                await http.SignOutAsync(Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectDefaults.AuthenticationScheme,
                    new AuthenticationProperties { RedirectUri = "/signed-out" });
                return Results.Empty;
            }

            return Results.LocalRedirect("/signed-out");
        });

        return app;
    }

    /// <summary>
    /// The portal's pages load scripts, styles and fonts only from the portal itself (Radzen sets inline styles, hence
    /// 'unsafe-inline' for styles alone), talk only to the portal (the circuit's WebSocket included), are framed by nobody,
    /// and are never sniffed into another content type.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static void UseSecurityHeaders(this WebApplication app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
