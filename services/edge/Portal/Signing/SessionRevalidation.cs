using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace NeemPlatform.Portal.Signing;

/// <summary>
/// An open page (a Blazor circuit) keeps asking whether its session still exists: once it is signed out elsewhere or has
/// expired, the page loses its principal (and with it the staff token) within <see cref="RevalidationInterval"/> and sends
/// the browser to the sign-in page.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, ServerSideSessions sessions) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(10);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(IsCurrent(authenticationState.User, sessions));

    /// <summary>An anonymous user stays as she is; a signed-in one only while her server-side session exists.</summary>
    public static bool IsCurrent(System.Security.Claims.ClaimsPrincipal user, ServerSideSessions sessions) =>
        user.Identity?.IsAuthenticated != true || sessions.IsActive(user.FindFirst(PortalClaims.Session)?.Value);
}
