using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace NeemPlatform.Hosting;

/// <summary>429 answers as problem+json with a Retry-After header, whichever policy refused.</summary>
public static class RateLimits
{
    public static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken ct)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Type = Problems.TypeBase + "rate-limited",
                Detail = $"Your request rate is above the limit for this operation. Retry after {seconds} s."
            }
        });
    }
}
