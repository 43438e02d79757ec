using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NeemPlatform.Participant.Partners;

/// <summary>
/// Partner organisations authenticate with their credential in the <c>X-Api-Key</c> header. Each partner
/// has its own rate limit (a token bucket per partner and credential kind): one partner's burst never slows another,
/// and a partner's load test in its sandbox never slows its live referrals.
/// </summary>
public static class PartnerAuthentication
{
    public const string Scheme = "partner-key";
    public const string Policy = "partner";
    public const string RateLimitPolicy = "partner-rate";
    public const string PartnerIdClaim = "partner_id";
    public const string CredentialKindClaim = "credential_kind";
    public const int DefaultRequestsPerSecond = 20;
    public const int DefaultBurst = 40;

    public static Guid PartnerId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(PartnerIdClaim), out var id) ? id : Guid.Empty;

    /// <summary>live or sandbox: the kind of the credential the request came with.</summary>
    public static string CredentialKind(this ClaimsPrincipal user) =>
        user.FindFirstValue(CredentialKindClaim) == CredentialKinds.Sandbox ? CredentialKinds.Sandbox : CredentialKinds.Live;

    public static bool InSandbox(this ClaimsPrincipal user) => user.CredentialKind() == CredentialKinds.Sandbox;

    public static IServiceCollection AddPartnerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PartnerKeyHandler>(Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireClaim(PartnerIdClaim));

        var permitsPerSecond = configuration.GetValue("Neem:Partners:RequestsPerSecond", DefaultRequestsPerSecond);
        var burst = configuration.GetValue("Neem:Partners:Burst", DefaultBurst);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(RateLimitPolicy, context =>
            RateLimitPartition.GetTokenBucketLimiter((context.User.PartnerId(), context.User.CredentialKind()), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = permitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true
            })));
        return services;
    }

    /// <summary>
    /// Verified credentials for a few seconds, so a burst of referrals does not load the partner on every request.
    /// Revoking removes the entry at once on this node; other nodes notice within <see cref="CacheFor"/>.
    /// </summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (Guid PartnerId, string SecretHash, string Kind, DateTimeOffset Until)> Verified = new();

    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private sealed class PartnerKeyHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDocumentStore store,
        RegionOptions instance)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(ApiDocumentation.PartnerKeyHeader, out var header))
            {
                return AuthenticateResult.NoResult();
            }

            if (!PartnerKeys.TryParse(header.ToString(), out var credentialId, out var secret))
            {
                return AuthenticateResult.Fail("Malformed partner credential.");
            }

            var now = TimeProvider.System.GetUtcNow();
            if (Verified.TryGetValue(credentialId, out var cached) && cached.Until > now && PartnerKeys.Matches(secret, cached.SecretHash))
            {
                return Success(cached.PartnerId, credentialId, cached.Kind);
            }

            await using var session = store.QuerySession();
            var index = await session.LoadAsync<CredentialIndex>(credentialId, Context.RequestAborted);
            var partner = index is null ? null : await session.LoadAsync<Partner>(index.PartnerId, Context.RequestAborted);
            var credential = partner?.Credentials.FirstOrDefault(c => c.Id == credentialId);
            // A partner registered for another region (only possible before the region rule) has no say here.
            if (partner is null || credential is null || credential.RevokedAt is not null || partner.Region != instance.Region
                || credential.ExpiresAt <= now || !PartnerKeys.Matches(secret, credential.SecretHash))
            {
                return AuthenticateResult.Fail("Unknown, expired or revoked partner credential.");
            }

            // An expiring credential is cached no longer than it lives.
            var until = credential.ExpiresAt is { } expires && expires < now.Add(CacheFor) ? expires : now.Add(CacheFor);
            Verified[credentialId] = (partner.Id, credential.SecretHash, credential.Kind, until);
            return Success(partner.Id, credentialId, credential.Kind);
        }

        private static AuthenticateResult Success(Guid partnerId, Guid credentialId, string kind)
        {
            var identity = new ClaimsIdentity(
                [
                    new Claim(PartnerIdClaim, partnerId.ToString()), new Claim("credential_id", credentialId.ToString()),
                    new Claim(CredentialKindClaim, kind)
                ],
                PartnerAuthentication.Scheme);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), PartnerAuthentication.Scheme));
        }
    }
}
