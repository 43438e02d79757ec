using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;

namespace NeemPlatform.Hosting;

/// <summary>
/// Turns every exception that reaches the HTTP pipeline into RFC 9457 problem+json: malformed bodies
/// become 400s that name the field, lost races become 409s, an unreachable database a 503. Nothing of
/// the request body or the exception text is echoed (it may hold an identity number), and no stack trace
/// ever leaves the process.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem.Status >= 500)
        {
            // Type and location only: messages of driver exceptions can quote parameter values.
            logger.LogError("Unhandled {ExceptionType} at {Path}: {StackTrace}", exception.GetType().FullName,
                httpContext.Request.Path, exception.StackTrace);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = null
        });
    }

    internal static ProblemDetails Map(Exception exception) => Unwrap(exception) switch
    {
        _ when NeemMessaging.IsLostRace(exception) => Problems.Conflict(
            "Someone else changed this record at the same time. Fetch it again and retry your change."),
        _ when NeemMessaging.IsTransientDatabaseFault(exception) => Problems.DatabaseUnavailable(),
        JsonException json => Problems.MalformedBody(json.Path),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "Request body too large",
            Type = Problems.TypeBase + "payload-too-large",
            Detail = "The request body is larger than this endpoint accepts."
        },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "Bad request",
            Type = Problems.TypeBase + "bad-request",
            Detail = "The request could not be read: check the route values, the query and the JSON body."
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "Unexpected error",
            Type = Problems.TypeBase + "unexpected",
            Detail = "The request failed unexpectedly. Nothing was stored. The error is logged for the operators."
        }
    };

    private static Exception Unwrap(Exception exception)
    {
        var current = exception;
        while (current is not JsonException && current.InnerException is not null
               && current is BadHttpRequestException or AggregateException or InvalidOperationException or MartenCommandException)
        {
            current = current.InnerException;
        }

        return current;
    }
}
