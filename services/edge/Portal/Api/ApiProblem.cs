using System.Net;
using System.Text.Json;

namespace NeemPlatform.Portal.Api;

/// <summary>The four services the portal calls, by their service-discovery names.</summary>
public static class NeemServices
{
    public const string Participant = "participant";
    public const string Coaching = "coaching";
    public const string Lending = "lending";
    public const string Impact = "impact";

    public static readonly IReadOnlyList<string> All = [Participant, Coaching, Lending, Impact];
}

/// <summary>
/// A service's refusal, as the portal shows it: what kind of problem (a key into the texts), the fields it names, and
/// the service's own detail. Never a stack trace or a raw problem document.
/// </summary>
public sealed record ApiProblem(int Status, string Kind, IReadOnlyDictionary<string, string[]> Fields, string? Detail)
{
    public static ApiProblem From(HttpStatusCode status, string body)
    {
        var fields = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        string? detail = null;
        string? type = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    fields[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
                        : [];
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the status alone says what happened.
        }

        return Of((int)status, type, fields, detail);
    }

    /// <summary>A refusal from its parts: the status and the problem type decide its kind (never the service's English words).</summary>
    public static ApiProblem Of(int status, string? type, IReadOnlyDictionary<string, string[]> fields, string? detail)
    {
        var kind = status switch
        {
            400 => "Problem.Invalid",
            401 => "Problem.SignedOut",
            403 => type?.EndsWith("/other-region", StringComparison.Ordinal) == true ? "Problem.OtherRegion" : "Problem.Forbidden",
            404 => "Problem.NotFound",
            409 => "Problem.Conflict",
            413 => "Problem.TooLarge",
            422 => "Problem.Refused",
            429 => "Problem.TooMany",
            >= 500 and < 600 => "Problem.Unavailable",
            _ => "Problem.Unexpected"
        };
        return new ApiProblem(status, kind, fields, detail);
    }

    public static readonly ApiProblem Unreachable = new(503, "Problem.Unavailable", new Dictionary<string, string[]>(), null);
}

/// <summary>An answer: the value, or the problem.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>The claims of a portal session.</summary>
public static class PortalClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Region = "region";
    public const string Name = "name";

    /// <summary>The staff token for the services: kept in the server-side session, never in the cookie.</summary>
    public const string AccessToken = "neem_access_token";

    /// <summary>The key of the server-side session that holds these claims (never sent to the browser or the services).</summary>
    public const string Session = "neem_session";
}
