namespace NeemPlatform.Hosting;

/// <summary>
/// The problem+json answers NEEM endpoints give. Each names what is wrong in words a partner's developer
/// can act on; none repeats a submitted value.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://neem.se/problems/";

    public static ProblemDetails MalformedBody(string? jsonPath)
    {
        var field = FieldName(jsonPath);
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [field == "$" ? "The body is not valid JSON for this request." : "Missing, null or of the wrong type or format."]
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed request body",
            Type = TypeBase + "malformed-body",
            Detail = field == "$" ? "The request body could not be read as JSON." : $"The field '{field}' is missing, null or has the wrong type or format."
        };
        return problem;
    }

    /// <summary>503: the database does not answer (down, restarting, or not yet up at start-up).</summary>
    public static ProblemDetails DatabaseUnavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Database unavailable",
        Type = TypeBase + "database-unavailable",
        Detail = "The database does not answer right now. Nothing was stored; retry later."
    };

    /// <summary>503: this instance is shutting down; another instance (or this one, restarted) will answer.</summary>
    public static ProblemDetails ServiceStopping() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Service stopping",
        Type = TypeBase + "service-stopping",
        Detail = "This instance is shutting down. Nothing was stored; retry shortly."
    };

    public static ProblemDetails Conflict(string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Conflict",
        Type = TypeBase + "conflict",
        Detail = detail
    };

    /// <summary>400 with an <c>errors</c> member naming each invalid field.</summary>
    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Type = TypeBase + "validation",
            Detail = $"Invalid field(s): {string.Join(", ", errors.Keys)}."
        });

    /// <summary>403: the four-eyes rule refuses the same person twice.</summary>
    public static IResult FourEyes(string what) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Four eyes required",
        Type = TypeBase + "four-eyes",
        Detail = $"{what} must be done by a second authorised person, not by the one who prepared it."
    });

    public static IResult NotFound(string what, Guid id) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not found",
        Type = TypeBase + "not-found",
        Detail = $"No {what} with id {id}."
    });

    public static IResult ConflictResult(string detail) => TypedResults.Problem(Conflict(detail));

    /// <summary>422: the request is well formed but the rules of the programme refuse it now.</summary>
    public static IResult Refused(string title, string detail) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = title,
        Type = TypeBase + "refused",
        Detail = detail
    });

    /// <summary>410: a one-time link was used, has expired or was replaced.</summary>
    public static IResult LinkGone(string detail) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status410Gone,
        Title = "The link no longer works",
        Type = TypeBase + "link-gone",
        Detail = detail
    });

    /// <summary>"$.foo.bar[0]" becomes "foo.bar[0]"; the root stays "$".</summary>
    public static string FieldName(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "$";
        }

        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }
}
