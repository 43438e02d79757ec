using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace NeemPlatform.Lending.Statements;

/// <summary>
/// The anonymous statement check answers anyone, so each caller's address may ask only so often
/// (<c>Neem:Lending:VerificationsPerMinute</c>, 30 by default): enough for a bank's clerk, far too few to guess codes.
/// Behind a reverse proxy, forward the client's address (X-Forwarded-For with ForwardedHeaders) or all callers share one budget.
/// </summary>
public static class StatementVerificationLimit
{
    public const string Policy = "statement-verification";
    public const int DefaultPerMinute = 30;

    public static IServiceCollection AddStatementVerificationLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = Math.Max(1, configuration.GetValue("Neem:Lending:VerificationsPerMinute", DefaultPerMinute));
        return services.Configure<RateLimiterOptions>(o => o.AddPolicy(Policy, context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true
            })));
    }
}
