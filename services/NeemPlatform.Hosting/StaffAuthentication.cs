using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NeemPlatform.Hosting;

/// <summary>The staff roles of the programme (PROGRAM.md, "Who uses the platform").</summary>
public static class NeemRoles
{
    public const string Advisor = "advisor";
    public const string RegionManager = "region-manager";
    public const string Administrator = "administrator";
    public const string LoanOfficer = "loan-officer";
    public const string Researcher = "researcher";

    public static readonly IReadOnlyList<string> All = [Advisor, RegionManager, Administrator, LoanOfficer, Researcher];
}

/// <summary>Claim names in NEEM tokens: <c>sub</c> (the staff member), <c>role</c>, <c>region</c>.</summary>
public static class NeemClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Region = "region";
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

    /// <summary>Everyone who follows the programme's indicators: staff of the region and the follow-up researcher.</summary>
    public const string Indicators = "indicators";

    /// <summary>The follow-up researcher: pseudonymised exports, replays.</summary>
    public const string Research = "research";

    /// <summary>Administrators: partner credentials and other platform settings.</summary>
    public const string Administration = "administration";
}

/// <summary>
/// <c>Neem:Auth</c>. In production, <see cref="Authority"/> names the organisation's OpenID Connect issuer
/// (its signing keys are fetched from its discovery document). For local runs and tests,
/// <see cref="DevelopmentSigningKey"/> turns on the development issuer: tokens signed with that key
/// (HS256, issuer <c>neem-development</c>), which <c>POST /dev/tokens</c> hands out.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Neem:Auth";

    public string? Authority { get; set; }
    public string Audience { get; set; } = DevelopmentTokens.Audience;
    public string? DevelopmentSigningKey { get; set; }
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
        TimeSpan? lifetime = null) =>
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
            },
            SigningCredentials = new SigningCredentials(KeyFrom(secret), SecurityAlgorithms.HmacSha256)
        });
}

/// <summary>The request for a development token.</summary>
public sealed record DevelopmentTokenRequest(string Subject, string Role, string Region);

/// <summary>A development token.</summary>
public sealed record DevelopmentToken(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

public static class StaffAuthentication
{
    public static IServiceCollection AddNeemAuthentication(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.DevelopmentSigningKey))
        {
            throw new InvalidOperationException(
                "Staff authentication is not configured: set Neem:Auth:Authority (and Neem:Auth:Audience) to your " +
                "OpenID Connect issuer, or Neem:Auth:DevelopmentSigningKey (32+ bytes) for a local run.");
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
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    jwt.Authority = options.Authority;
                }
                else
                {
                    jwt.TokenValidationParameters.ValidIssuer = DevelopmentTokens.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.KeyFrom(options.DevelopmentSigningKey!);
                }
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(NeemPolicies.ParticipantWork, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireClaim(NeemClaims.Region)
                .RequireRole(NeemRoles.Advisor, NeemRoles.RegionManager, NeemRoles.Administrator))
            .AddPolicy(NeemPolicies.RegionManagement, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireClaim(NeemClaims.Region)
                .RequireRole(NeemRoles.RegionManager, NeemRoles.Administrator))
            .AddPolicy(NeemPolicies.Lending, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireClaim(NeemClaims.Region)
                .RequireRole(NeemRoles.LoanOfficer, NeemRoles.RegionManager))
            .AddPolicy(NeemPolicies.Indicators, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireClaim(NeemClaims.Region)
                .RequireRole(NeemRoles.Advisor, NeemRoles.RegionManager, NeemRoles.Administrator, NeemRoles.Researcher, NeemRoles.LoanOfficer))
            .AddPolicy(NeemPolicies.Research, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireRole(NeemRoles.Researcher, NeemRoles.Administrator))
            .AddPolicy(NeemPolicies.Administration, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireClaim(NeemClaims.Region)
                .RequireRole(NeemRoles.Administrator));
        return services;
    }

    /// <summary>
    /// <c>POST /dev/tokens</c>: only when the development issuer is on and the host runs in Development.
    /// </summary>
    public static void MapDevelopmentIssuer(this IEndpointRouteBuilder app, AuthOptions options, IHostEnvironment environment,
        TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(options.DevelopmentSigningKey) || !environment.IsDevelopment())
        {
            return;
        }

        app.MapPost("/dev/tokens", (DevelopmentTokenRequest request) =>
            {
                var validation = new Validation()
                    .Require(!string.IsNullOrWhiteSpace(request.Subject) && request.Subject.Length <= 100, "subject",
                        "Must be a staff member's id, 1–100 characters.")
                    .OneOf(request.Role, NeemRoles.All, "role")
                    .OneOf(request.Region, Regions.All, "region");
                if (!validation.IsValid)
                {
                    return Problems.Invalid(validation.Errors);
                }

                var now = time.GetUtcNow();
                var lifetime = TimeSpan.FromHours(8);
                return TypedResults.Ok(new DevelopmentToken(
                    DevelopmentTokens.Issue(options.DevelopmentSigningKey!, request.Subject, request.Role, request.Region, now, lifetime),
                    "Bearer", now.Add(lifetime)));
            })
            .WithName("IssueDevelopmentToken")
            .WithTags("Development")
            .WithSummary("Issue a staff token from the development issuer (local runs and tests only)")
            .AllowAnonymous();
    }

    /// <summary>The region in the staff member's token ("" when there is none).</summary>
    public static string StaffRegion(this ClaimsPrincipal user) => user.FindFirstValue(NeemClaims.Region) ?? "";

    /// <summary>The staff member's id: the token's subject.</summary>
    public static string StaffId(this ClaimsPrincipal user) => user.FindFirstValue(NeemClaims.Subject) ?? "";
}
