using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NeemPlatform.Hosting;

/// <summary>The staff roles of the programme: advisors, loan officers, region managers and administrators of a region, the
/// programme's steering group, the follow-up researcher and the data-protection officer.</summary>
public static class NeemRoles
{
    public const string Advisor = "advisor";
    public const string RegionManager = "region-manager";
    public const string Administrator = "administrator";
    public const string LoanOfficer = "loan-officer";
    public const string Researcher = "researcher";
    public const string DataProtectionOfficer = "data-protection-officer";

    /// <summary>The programme's steering group: reads the national view's aggregates, never a person.</summary>
    public const string SteeringGroup = "steering-group";

    /// <summary>
    /// A machine, not a person: a consumer of a region's anonymous MIS feed (the national view, a researcher's replay tool),
    /// with a client-credentials token from the organisation's issuer, or locally a configured feed key.
    /// </summary>
    public const string MisFeed = "mis-feed";

    public static readonly IReadOnlyList<string> All = [Advisor, RegionManager, Administrator, LoanOfficer, Researcher, DataProtectionOfficer, SteeringGroup, MisFeed];
}

/// <summary>Claim names in NEEM tokens: <c>sub</c> (the staff member), <c>role</c>, <c>region</c>.</summary>
public static class NeemClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Region = "region";

    /// <summary>The staff member's display name, as her organisation's identity provider gives it (for the staff directory).</summary>
    public const string Name = "name";
}

/// <summary>Authorization policies every service can put on an endpoint.</summary>
public static class NeemPolicies
{
    /// <summary>Advisors, region managers and administrators of a region: the participant work.</summary>
    public const string ParticipantWork = "participant-work";

    /// <summary>Region managers and administrators: erasure and other decisions about personal data.</summary>
    public const string RegionManagement = "region-management";

    /// <summary>Loan officers and region managers: applications, decisions, disbursements, repayments.</summary>
    public const string Lending = "lending";

    /// <summary>Everyone who follows the programme's indicators: staff of the region, the follow-up researcher and the steering group.</summary>
    public const string Indicators = "indicators";

    /// <summary>The follow-up researcher: pseudonymised exports, replays.</summary>
    public const string Research = "research";

    /// <summary>Region managers and administrators: exact aggregates and the per-participant MIS history.</summary>
    public const string ProgrammeManagement = "programme-management";

    /// <summary>Who may see a whole identity number: advisors (of her, checked by the endpoint) and region managers.</summary>
    public const string IdentityReveal = "identity-reveal";

    /// <summary>The identity numbers of a month's participants for a funder that requires them: region managers only, audited.</summary>
    public const string FunderIdentities = "funder-identities";

    /// <summary>Who reads the audit of revealed identity numbers: region managers and the data-protection officer.</summary>
    public const string RevealAudit = "reveal-audit";

    /// <summary>Administrators: partner credentials and other platform settings.</summary>
    public const string Administration = "administration";

    /// <summary>Consumers of the anonymous MIS feed (machine credentials only).</summary>
    public const string MisFeed = "mis-feed";

    /// <summary>The region's staff who work with people and see each other by name (not the researcher, not machines).</summary>
    public const string StaffDirectory = "staff-directory";

    /// <summary>The one table of which roles each policy admits (the isolation matrix test reads it too).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [ParticipantWork] = [NeemRoles.Advisor, NeemRoles.RegionManager, NeemRoles.Administrator],
        [RegionManagement] = [NeemRoles.RegionManager, NeemRoles.Administrator],
        [Lending] = [NeemRoles.LoanOfficer, NeemRoles.RegionManager],
        [Indicators] = [NeemRoles.Advisor, NeemRoles.RegionManager, NeemRoles.Administrator, NeemRoles.Researcher, NeemRoles.LoanOfficer, NeemRoles.SteeringGroup],
        [Research] = [NeemRoles.Researcher, NeemRoles.Administrator],
        [ProgrammeManagement] = [NeemRoles.RegionManager, NeemRoles.Administrator],
        [IdentityReveal] = [NeemRoles.Advisor, NeemRoles.RegionManager],
        [FunderIdentities] = [NeemRoles.RegionManager],
        [RevealAudit] = [NeemRoles.RegionManager, NeemRoles.DataProtectionOfficer],
        [Administration] = [NeemRoles.Administrator],
        [MisFeed] = [NeemRoles.MisFeed],
        [StaffDirectory] = [NeemRoles.Advisor, NeemRoles.RegionManager, NeemRoles.Administrator, NeemRoles.LoanOfficer, NeemRoles.DataProtectionOfficer]
    };
}

/// <summary>
/// <c>Neem:Auth</c>. In production, <see cref="Authority"/> names the organisation's OpenID Connect issuer
/// (its signing keys are fetched from its discovery document). For local runs and tests only, the development
/// issuer signs tokens with <see cref="DevelopmentSigningKey"/> (HS256, issuer <c>neem-development</c>) and
/// <c>POST /dev/tokens</c> hands them out: it needs the Development environment, the key and
/// <see cref="DevelopmentIssuer"/> = true, all three. Outside Development a service without an authority refuses to start.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Neem:Auth";

    public string? Authority { get; set; }
    public string Audience { get; set; } = DevelopmentTokens.Audience;
    public string? DevelopmentSigningKey { get; set; }

    /// <summary>The explicit switch for the development issuer (never set it in a deployment).</summary>
    public bool DevelopmentIssuer { get; set; }

    /// <summary>Whether this host runs the development issuer.</summary>
    public bool UsesDevelopmentIssuer(IHostEnvironment environment) =>
        environment.IsDevelopment() && DevelopmentIssuer && !string.IsNullOrWhiteSpace(DevelopmentSigningKey)
        && string.IsNullOrWhiteSpace(Authority);
}

/// <summary>The development issuer: signs short-lived staff tokens with a shared key.</summary>
public static class DevelopmentTokens
{
    public const string Issuer = "neem-development";
    public const string Audience = "neem-platform";

    public static SymmetricSecurityKey KeyFrom(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Neem:Auth:DevelopmentSigningKey must be at least 32 bytes long.");
        }

        return new SymmetricSecurityKey(bytes);
    }

    public static string Issue(string secret, string subject, string role, string region, DateTimeOffset now,
        TimeSpan? lifetime = null, string? name = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime.Add(lifetime ?? TimeSpan.FromHours(8)),
            Claims = new Dictionary<string, object>
            {
                [NeemClaims.Subject] = subject,
                [NeemClaims.Role] = role,
                [NeemClaims.Region] = region
            }.Concat(name is { Length: > 0 } ? [new KeyValuePair<string, object>(NeemClaims.Name, name)] : [])
                .ToDictionary(c => c.Key, c => c.Value),
            SigningCredentials = new SigningCredentials(KeyFrom(secret), SecurityAlgorithms.HmacSha256)
        });
}

/// <summary>The request for a development token.</summary>
public sealed record DevelopmentTokenRequest(string Subject, string Role, string Region, string? Name = null);

/// <summary>A development token.</summary>
public sealed record DevelopmentToken(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

public static class StaffAuthentication
{
    public static IServiceCollection AddNeemAuthentication(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var development = options.UsesDevelopmentIssuer(environment);
        if (string.IsNullOrWhiteSpace(options.Authority) && !development)
        {
            throw new InvalidOperationException(environment.IsDevelopment()
                ? "Staff authentication is not configured: set Neem:Auth:Authority (and Neem:Auth:Audience) to your OpenID Connect " +
                  "issuer, or, for a local run, Neem:Auth:DevelopmentIssuer=true with Neem:Auth:DevelopmentSigningKey (32+ bytes)."
                : $"Staff authentication is not configured: the {environment.EnvironmentName} environment needs Neem:Auth:Authority " +
                  "(and Neem:Auth:Audience), your organisation's OpenID Connect issuer. The development issuer runs only in Development.");
        }

        services.AddSingleton(options);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.RequireHttpsMetadata = !environment.IsDevelopment();
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    NameClaimType = NeemClaims.Subject,
                    RoleClaimType = NeemClaims.Role,
                    ValidAudience = options.Audience,
                    ClockSkew = TimeSpan.FromMinutes(1)
                };
                if (!development)
                {
                    jwt.Authority = options.Authority;
                    jwt.TokenValidationParameters.ValidateIssuer = true;
                }
                else
                {
                    jwt.TokenValidationParameters.ValidIssuer = DevelopmentTokens.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.KeyFrom(options.DevelopmentSigningKey!);
                }
            });

        var policies = services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in NeemPolicies.Roles)
        {
            // Every staff policy needs the region claim; UseInstanceRegion has already refused any other region.
            policies.AddPolicy(policy, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireClaim(NeemClaims.Region)
                .RequireRole(roles));
        }

        return services;
    }

    /// <summary>
    /// <c>POST /dev/tokens</c>: only when the development issuer is on and the host runs in Development.
    /// </summary>
    public static void MapDevelopmentIssuer(this IEndpointRouteBuilder app, AuthOptions options, IHostEnvironment environment,
        TimeProvider time)
    {
        if (!options.UsesDevelopmentIssuer(environment))
        {
            return;
        }

        app.MapPost("/dev/tokens", (DevelopmentTokenRequest request) =>
            {
                var validation = new Validation()
                    .Require(!string.IsNullOrWhiteSpace(request.Subject) && request.Subject.Length <= 100
                             && request.Subject.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '-' or '_' or '@'),
                        "subject", "Must be a staff member's id: 1–100 letters a–z, digits and . - _ @.")
                    .OneOf(request.Role, NeemRoles.All, "role")
                    .OneOf(request.Region, Regions.Instances, "region")
                    .Text(request.Name, "name", 100);
                if (!validation.IsValid)
                {
                    return Problems.Invalid(validation.Errors);
                }

                var now = time.GetUtcNow();
                var lifetime = TimeSpan.FromHours(8);
                return TypedResults.Ok(new DevelopmentToken(
                    DevelopmentTokens.Issue(options.DevelopmentSigningKey!, request.Subject, request.Role, request.Region, now, lifetime,
                        request.Name?.Trim()),
                    "Bearer", now.Add(lifetime)));
            })
            .WithName("IssueDevelopmentToken")
            .WithTags("Development")
            .WithSummary("Issue a staff token from the development issuer (local runs and tests only)")
            .Produces<DevelopmentToken>()
            .ProducesValidationProblem()
            .AllowAnonymous();
    }

    /// <summary>
    /// The region claim of the staff member's token ("" when there is none). Only the region rule reads it: records
    /// and queries use the instance's region (<see cref="Microsoft.Extensions.Hosting.RegionOptions"/>).
    /// </summary>
    public static string StaffRegionClaim(this ClaimsPrincipal user) => user.FindFirstValue(NeemClaims.Region) ?? "";

    /// <summary>
    /// The region a signed-in staff member works in, for read filters. It always equals the instance's region:
    /// <see cref="InstanceRegion.UseInstanceRegion"/> refused every request whose token names another.
    /// </summary>
    public static string StaffRegion(this ClaimsPrincipal user) => user.StaffRegionClaim();

    /// <summary>True when the staff member holds one of the roles.</summary>
    public static bool HasAnyRole(this ClaimsPrincipal user, params string[] roles) => roles.Any(user.IsInRole);

    /// <summary>The staff member's id: the token's subject.</summary>
    public static string StaffId(this ClaimsPrincipal user) => user.FindFirstValue(NeemClaims.Subject) ?? "";
}
