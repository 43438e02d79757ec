using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace NeemPlatform.Portal.Signing;

/// <summary>
/// Every sign-in starts a new server-side session. ASP.NET's cookie handler signs in under the session key of the cookie
/// the request already carries, so a cookie planted in a browser before someone signs in would become her session. Before
/// authentication runs, a request that signs someone in (the sign-in form's POST, the OpenID Connect callback) loses the
/// portal's cookie and the session it names is ended; the sign-in then stores a new session under a new key. The sign-in
/// page itself is also rendered without the cookie, so its form's antiforgery token belongs to nobody, as its POST will.
/// </summary>
public static class SessionFixation
{
    /// <summary>The name the cookie handler stores the session key under in the cookie's ticket.</summary>
    private const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    public enum Step
    {
        /// <summary>Any other request: the cookie is read as usual.</summary>
        None,

        /// <summary>The sign-in page: rendered as for someone not signed in.</summary>
        SignInPage,

        /// <summary>A request that signs someone in.</summary>
        SigningIn
    }

    public static IApplicationBuilder UseNewSessionAtSignIn(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var cookies = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PortalSignIn.CookieScheme);
        var step = await StepOfAsync(context, cookies);
        if (step != Step.None && cookies.Cookie.Name is { } name)
        {
            if (step == Step.SigningIn)
            {
                await EndPlantedSessionAsync(context, cookies, name);
            }

            Drop(context.Request, name);
        }

        await next(context);
    });

    /// <summary>What <paramref name="context"/> is to the sign-in.</summary>
    public static async Task<Step> StepOfAsync(HttpContext context, CookieAuthenticationOptions cookies)
    {
        var request = context.Request;
        if (request.Path.Equals(cookies.LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            return HttpMethods.IsPost(request.Method) ? Step.SigningIn : Step.SignInPage;
        }

        var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        return await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme) is not null
               && request.Path.Equals(context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>()
                   .Get(OpenIdConnectDefaults.AuthenticationScheme).CallbackPath, StringComparison.OrdinalIgnoreCase)
            ? Step.SigningIn
            : Step.None;
    }

    private static async Task EndPlantedSessionAsync(HttpContext context, CookieAuthenticationOptions cookies, string name)
    {
        var value = cookies.CookieManager.GetRequestCookie(context, name);
        if (string.IsNullOrEmpty(value) || cookies.SessionStore is null)
        {
            return;
        }

        var key = cookies.TicketDataFormat.Unprotect(value)?.Principal.FindFirst(SessionIdClaim)?.Value;
        if (key is not null)
        {
            await cookies.SessionStore.RemoveAsync(key, context, context.RequestAborted);
        }
    }

    /// <summary>
    /// Removes the cookie (and its chunks, <c>nameC1</c>, <c>nameC2</c>, …) from the request's Cookie header, in any letter
    /// case: ASP.NET reads request cookies case-insensitively, so <c>NEEM-PORTAL</c> would be read as the portal's cookie.
    /// </summary>
    private static void Drop(HttpRequest request, string name)
    {
        var kept = request.Headers.Cookie
            .SelectMany(header => (header ?? "").Split(';'))
            .Select(pair => pair.Trim())
            .Where(pair => pair.Length > 0 && !IsOurs(pair[..(pair.IndexOf('=') is var eq and >= 0 ? eq : pair.Length)].Trim(), name))
            .ToList();
        request.Headers.Cookie = kept.Count == 0 ? StringValues.Empty : new StringValues(string.Join("; ", kept));
    }

    private static bool IsOurs(string cookie, string name) =>
        cookie.Equals(name, StringComparison.OrdinalIgnoreCase)
        || (cookie.StartsWith(name + "C", StringComparison.OrdinalIgnoreCase) && cookie.Length > name.Length + 1 && cookie[(name.Length + 1)..].All(char.IsAsciiDigit));
}
