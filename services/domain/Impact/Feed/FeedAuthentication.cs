using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace NeemPlatform.Impact.Feed;

/// <summary>
/// Who may read the MIS feed: a machine credential per consumer. In production a client-credentials token from the
/// organisation's issuer (role <c>mis-feed</c>, the instance's region, the consumer as subject); on a local machine a key
/// configured per consumer (<c>Neem:Impact:FeedConsumers:&lt;name&gt;</c>, 32+ characters), or registered by an administrator
/// (<see cref="FeedConsumer"/>), sent in the <c>X-Feed-Key</c> header.
/// </summary>
public static class FeedAuthentication
{
    public const string Scheme = "mis-feed-key";
    public const string Header = "X-Feed-Key";
    public const string ConsumersSection = "Neem:Impact:FeedConsumers";

    /// <summary>The configured consumers by the SHA-256 of their key.</summary>
    public sealed record Consumers(IReadOnlyDictionary<string, string> NameByKeyHash);

    public static IServiceCollection AddFeedAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var consumers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var consumer in configuration.GetSection(ConsumersSection).GetChildren())
        {
            if (consumer.Value is not { Length: >= 32 } key)
            {
                throw new InvalidOperationException($"{ConsumersSection}:{consumer.Key} must be a key of 32 characters or more.");
            }

            consumers[Hash(key)] = consumer.Key;
        }

        services.AddSingleton(new Consumers(consumers));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, FeedKeyHandler>(Scheme, null);
        // The feed's policy takes either credential: the machine token (validated by the staff scheme, whose region rule it
        // also passes) or the configured key (the handler gives it the instance's region).
        services.AddAuthorizationBuilder().AddPolicy(NeemPolicies.MisFeed, p => p
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, Scheme)
            .RequireClaim(NeemClaims.Region)
            .RequireRole(NeemRoles.MisFeed));
        return services;
    }

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed class FeedKeyHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Consumers consumers, RegionOptions region,
        Marten.IDocumentStore store)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var header) || header.Count != 1 || string.IsNullOrEmpty(header[0]))
            {
                return AuthenticateResult.NoResult();
            }

            // Compared as fixed-length hashes, so the time taken says nothing about how much of a key was right.
            var hash = Hash(header[0]!);
            var match = consumers.NameByKeyHash.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(c.Key), Encoding.ASCII.GetBytes(hash)));
            var subject = match.Value;
            if (subject is null)
            {
                // A consumer an administrator registered, unless revoked: looked up by its key's hash on every request.
                await using var session = store.QuerySession();
                subject = (await Marten.QueryableExtensions.FirstOrDefaultAsync(
                    session.Query<FeedConsumer>().Where(c => c.KeyHash == hash && c.RevokedAt == null), Context.RequestAborted))?.Subject;
            }

            if (subject is null)
            {
                return AuthenticateResult.Fail("Unknown feed key.");
            }

            var identity = new ClaimsIdentity(
            [
                new Claim(NeemClaims.Subject, subject),
                new Claim(NeemClaims.Role, NeemRoles.MisFeed),
                new Claim(NeemClaims.Region, region.Region)
            ], FeedAuthentication.Scheme, NeemClaims.Subject, NeemClaims.Role);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), FeedAuthentication.Scheme));
        }
    }
}
