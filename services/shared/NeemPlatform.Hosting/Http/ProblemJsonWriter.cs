using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace NeemPlatform.Hosting;

/// <summary>
/// Every error is <c>application/problem+json</c>, whatever the request accepts: a client that asked for CSV, NDJSON or text
/// (the funders' report, the MIS feed) gets its 400, 401 or 403 as a problem it can read, not a line of plain text. (ASP.NET's
/// own writer steps aside when the Accept header does not name JSON, and the status-code page then answers in text.)
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        // The framework's defaults (the RFC's section links) become our vocabulary too: a client switches on one set of types.
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)
                                 || problem.Type.StartsWith("https://datatracker.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = null;
        }

        problem.Type ??= Problems.TypeBase + (problem.Status switch
        {
            400 => problem is HttpValidationProblemDetails { Errors.Count: > 0 } ? "validation" : "bad-request",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not-found",
            405 => "method-not-allowed",
            406 => "not-acceptable",
            409 => "conflict",
            413 => "payload-too-large",
            415 => "unsupported-media-type",
            422 => "refused",
            429 => "rate-limited",
            500 => "unexpected",
            _ => "http-error"
        });
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json",
            http.RequestAborted));
    }
}
