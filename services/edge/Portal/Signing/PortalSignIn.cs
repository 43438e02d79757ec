using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace NeemPlatform.Portal.Signing;

/// <summary><c>Neem:Auth</c> as the portal reads it.</summary>
public sealed class PortalAuthOptions
{
    public string? Authority { get; set; }
    public string ClientId { get; set; } = "neem-portal";
    public string? ClientSecret { get; set; }
    public string Audience { get; set; } = "neem-platform";
    public bool DevelopmentIssuer { get; set; }

    /// <summary>The local sign-in page (pick a name and a role, a token from the development issuer): Development only.</summary>
    public bool UsesDevelopmentSignIn(IHostEnvironment environment) =>
        environment.IsDevelopment() && DevelopmentIssuer && string.IsNullOrWhiteSpace(Authority);
}

/// <summary>
/// Sessions live on the server: the browser's cookie (HttpOnly, SameSite=Lax, Secure outside Development) holds only a
/// session key, so the staff token never reaches the browser. A session ends at sign-out or after 8 hours. Each stored
/// ticket carries its own key (<see cref="PortalClaims.Session"/>), so an open page can ask whether its session still exists.
/// </summary>
public sealed class ServerSideSessions(IMemoryCache cache) : ITicketStore
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            foreach (var earlier in identity.FindAll(PortalClaims.Session).ToList())
            {
                identity.RemoveClaim(earlier);
            }

            identity.AddClaim(new Claim(PortalClaims.Session, key));
        }

        cache.Set(key, ticket, Lifetime);
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        // A renewal keeps the principal the session already holds. ASP.NET's cookie handler also "renews" the session of
        // the request's cookie when someone signs in: that would hand the new principal to whoever planted the cookie.
        // Such a sign-in ends the planted session instead (SessionFixation normally drops the cookie before it gets here).
        if (ticket.Principal.FindFirst(PortalClaims.Session)?.Value != key)
        {
            cache.Remove(key);
        }
        else if (cache.TryGetValue(key, out _))
        {
            cache.Set(key, ticket, Lifetime);
        }

        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => Task.FromResult(cache.Get<AuthenticationTicket>(key));

    public Task RemoveAsync(string key)
    {
        cache.Remove(key);
        return Task.CompletedTask;
    }

    /// <summary>Whether the session <paramref name="key"/> still exists (not signed out, not expired).</summary>
    public bool IsActive(string? key) => key is not null && cache.TryGetValue(key, out _);
}

public static class PortalSignIn
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        PortalInstance instance)
    {
        var options = configuration.GetSection("Neem:Auth").Get<PortalAuthOptions>() ?? new PortalAuthOptions();
        var development = options.UsesDevelopmentSignIn(environment);
        if (string.IsNullOrWhiteSpace(options.Authority) && !development)
        {
            throw new InvalidOperationException(
                $"The portal's sign-in is not configured: the {environment.EnvironmentName} environment needs Neem:Auth:Authority (and " +
                "Neem:Auth:ClientId, Neem:Auth:ClientSecret), your OpenID Connect issuer. The local sign-in page runs only in Development " +
                "with Neem:Auth:DevelopmentIssuer=true.");
        }

        services.AddSingleton(options);
        services.AddMemoryCache();
        services.AddSingleton<ServerSideSessions>();
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieScheme;
                o.DefaultChallengeScheme = development ? CookieScheme : OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "neem-portal";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = false;
                cookie.LoginPath = "/signin";
                cookie.AccessDeniedPath = "/forbidden";
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<ServerSideSessions>((cookie, sessions) => cookie.SessionStore = sessions);

        if (!development)
        {
            authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc =>
            {
                oidc.Authority = options.Authority;
                oidc.ClientId = options.ClientId;
                oidc.ClientSecret = options.ClientSecret;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.UsePkce = true;
                oidc.SaveTokens = false;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.Scope.Add("openid");
                oidc.Scope.Add("profile");
                oidc.TokenValidationParameters.NameClaimType = PortalClaims.Name;
                oidc.TokenValidationParameters.RoleClaimType = PortalClaims.Role;
                oidc.Events.OnTokenValidated = async context =>
                {
                    // The access token goes into the server-side session with the staff member's claims, never to the browser;
                    // and she goes into the staff directory by the name her organisation gives her.
                    if (context.TokenEndpointResponse?.AccessToken is { } token && context.Principal?.Identity is ClaimsIdentity identity)
                    {
                        identity.AddClaim(new Claim(PortalClaims.AccessToken, token));
                        if (instance.IsNational)
                        {
                            return; // the national view keeps no staff directory: it shows no one's work
                        }

                        var services = context.HttpContext.RequestServices;
                        await StaffNames.RegisterAsync(services.GetRequiredService<IHttpClientFactory>(), token,
                            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalSignIn)), context.HttpContext.RequestAborted);
                    }
                };
            });
        }

        var issuer = instance.DevelopmentIssuer;
        services.AddHttpClient("development-issuer", c => c.BaseAddress = new Uri(configuration[$"Services:{issuer}"] ?? $"http://{issuer}"));
        return services;
    }

    /// <summary>A staff session from the development issuer (local runs): the token the services will accept, in the instance's region.</summary>
    public static async Task<ClaimsPrincipal?> DevelopmentPrincipalAsync(IHttpClientFactory clients, string region, string name, string role,
        CancellationToken ct)
    {
        var subject = new string(name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.').ToArray()).Trim('.');
        if (subject.Length == 0)
        {
            return null;
        }

        string token;
        try
        {
            using var response = await clients.CreateClient("development-issuer").PostAsJsonAsync("/dev/tokens",
                new { subject = subject.Length > 100 ? subject[..100] : subject, role, region, name = name.Trim() }, ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            token = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
        }
        catch (HttpRequestException)
        {
            return null; // the issuer's service is down: the sign-in page says it failed
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(PortalClaims.Subject, subject), new Claim(PortalClaims.Name, name.Trim()), new Claim(PortalClaims.Role, role),
            new Claim(PortalClaims.Region, region), new Claim(PortalClaims.AccessToken, token)
        ], CookieScheme, PortalClaims.Name, PortalClaims.Role);
        return new ClaimsPrincipal(identity);
    }
}
