using System.Net;

namespace NeemPlatform.Hosting;

/// <summary>One kind of error: its name (the last segment of its <c>type</c> URI), the statuses it comes with, what it means and what to do.</summary>
public sealed record ProblemType(string Name, string Title, IReadOnlyList<int> Statuses, string Meaning, string WhatToDo, bool Retry = false)
{
    public string Uri => Problems.TypeBase + Name;
}

/// <summary>
/// The one vocabulary of problem types every NEEM service answers with: <c>https://neem.se/problems/&lt;name&gt;</c>. A client
/// switches on <c>type</c> (never on <c>title</c> or <c>detail</c>, which are for people). Every instance serves a page per type
/// at <c>/problems/&lt;name&gt;</c> and the list at <c>/problems</c>.
/// </summary>
public static class ProblemTypes
{
    public static readonly IReadOnlyList<ProblemType> All =
    [
        new("validation", "Invalid request", [400],
            "One or more fields, query values or headers break a rule. The member 'errors' names each one (its JSON name, e.g. " +
            "'personalIdentityNumber' or 'Idempotency-Key') with the reasons. A submitted value is never repeated in the answer.",
            "Correct the named fields and send again. Nothing was stored."),
        new("malformed-body", "Malformed request body", [400],
            "The body is not JSON, or a member has the wrong JSON type or format (a string where a number belongs, a date that is " +
            "not yyyy-MM-dd), or is missing or null where it is required. 'errors' names the member.",
            "Fix the body's JSON. Nothing was stored."),
        new("unknown-field", "Unknown field", [400],
            "The body holds a member the operation does not take, often a misspelling ('municipallity'). It is refused rather than " +
            "ignored so that no value you meant to send is lost. 'errors' names each unknown member.",
            "Remove or correct the member, as the OpenAPI document spells it. Nothing was stored."),
        new("unsupported-media-type", "Unsupported media type", [415],
            "The body was not sent as application/json (or the Content-Type header is missing).",
            "Send the header Content-Type: application/json."),
        new("payload-too-large", "Request body too large", [413],
            "The body is larger than the instance accepts (64 KB unless the region configured otherwise).",
            "Send a smaller body; a referral is far below the limit. Nothing was stored."),
        new("unauthorized", "Unauthorized", [401],
            "No credential, or one that is unknown, malformed, expired or revoked. Partners send their key in X-Api-Key; staff " +
            "and machine clients a bearer token; feed consumers their X-Feed-Key.",
            "Check the credential and that it was issued for this regional instance. Ask the region's administrator for a new key."),
        new("forbidden", "Forbidden", [403],
            "The credential is valid but may not do this: the role does not allow the operation, or the token was issued for another region.",
            "Use a credential of the right role and region."),
        new("other-region", "Another region's instance", [403],
            "The token names another region than the one this instance serves. Each regional platform runs its own instance and " +
            "answers only its own region.",
            "Call the instance of the token's region, or get a token for this one."),
        new("not-found", "Not found", [404],
            "Nothing with this id exists for you. Another partner's referral, another region's participant and an id that never " +
            "existed get the same answer, so ids cannot be probed.",
            "Check the id, and that you call with the credential (live or sandbox) that created it."),
        new("method-not-allowed", "Method not allowed", [405], "The address exists but not with this HTTP method.",
            "Use the method the OpenAPI document gives for the path."),
        new("not-acceptable", "Not acceptable", [406], "The operation cannot answer in a media type the Accept header allows.",
            "Accept application/json (or the media type the operation lists)."),
        new("conflict", "Conflict", [409],
            "The request collides with the current state (a concurrent change, or a name or period already taken).",
            "Read the current state and decide again."),
        new("refused", "Refused by the programme's rules", [422],
            "The request is well formed but the programme's rules refuse it now: the same Idempotency-Key with another body, a " +
            "status that can only move forward, a step taken out of order. 'detail' says which rule.",
            "Do not retry unchanged. For a reused idempotency key, use a new key for a new request."),
        new("four-eyes", "A second person must decide", [422],
            "Lending's four-eyes rule: the person who prepared a loan decision may not also approve it.",
            "Have another loan officer approve."),
        new("link-gone", "The link no longer works", [410],
            "A one-time link (a follow-up questionnaire sent to a participant) was used already, has expired, or was replaced by a newer one.",
            "Ask the programme for a new link. Nothing was stored."),
        new("rate-limited", "Too many requests", [429],
            "Above your credential's rate limit (per partner and credential kind: 20 requests a second, bursts of 40, unless the " +
            "region configured otherwise). The header Retry-After gives the seconds to wait.",
            "Wait Retry-After seconds and retry with the same Idempotency-Key.", Retry: true),
        new("bad-request", "Bad request", [400], "The request could not be read at all (a broken header, a truncated body).",
            "Check the HTTP request your client sends."),
        new("database-unavailable", "Database unavailable", [503],
            "The instance's database does not answer (restarting, or not yet up). Nothing was stored.",
            "Retry later with the same Idempotency-Key.", Retry: true),
        new("service-stopping", "Service stopping", [503],
            "This instance is shutting down (a deployment). Nothing was stored.", "Retry shortly with the same Idempotency-Key.", Retry: true),
        new("region-unavailable", "Regional platform unavailable", [503],
            "The national partner address could not reach the regional platform that serves the municipality. Retry-After says when to try again.",
            "Retry after Retry-After seconds with the same Idempotency-Key.", Retry: true),
        new("unexpected", "Unexpected error", [500],
            "The instance failed in a way it did not foresee. The answer holds a traceId and no internal detail; nothing half-done was stored.",
            "Retry once with the same Idempotency-Key; if it persists, give the traceId to the region's administrator.", Retry: true),
        new("http-error", "Other HTTP error", [],
            "A status this list does not name, answered by the HTTP layer itself. The status code says what happened.",
            "Act on the status code.")
    ];

    private static readonly Dictionary<string, ProblemType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static ProblemType? Named(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The name of a problem type URI of this vocabulary, or null.</summary>
    public static string? NameOf(string? typeUri) =>
        typeUri is not null && typeUri.StartsWith(Problems.TypeBase, StringComparison.Ordinal) ? typeUri[Problems.TypeBase.Length..] : null;

    /// <summary>The problem types as a Markdown table (for the API documents' guides).</summary>
    public static string MarkdownTable()
    {
        var table = new StringBuilder("| type | status | meaning | retry? |\n|---|---|---|---|\n");
        foreach (var t in All)
        {
            table.Append($"| [`{t.Name}`](/problems/{t.Name}) | {string.Join(", ", t.Statuses)} | {t.Title} | {(t.Retry ? "yes, same key" : "no")} |\n");
        }

        return table.ToString();
    }

    /// <summary>A page per type at <c>/problems/{name}</c> and the list at <c>/problems</c>: plain HTML, open to anyone.</summary>
    public static void MapProblemPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/problems", () => Results.Content(Page("Problem types", List()), "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/problems/{name}", (string name) => Named(name) is { } type
            ? Results.Content(Page(type.Title, Describe(type)), "text/html; charset=utf-8")
            : Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 404,
                Title = "Not found",
                Type = Problems.TypeBase + "not-found",
                Detail = "No problem type with this name."
            })).ExcludeFromDescription();
    }

    private static string List() =>
        "<p>Every error of a NEEM Platform service is <code>application/problem+json</code> (RFC 9457). Switch on its <code>type</code>; " +
        "<code>title</code> and <code>detail</code> are for people.</p><table><thead><tr><th>type</th><th>status</th><th>title</th></tr></thead><tbody>" +
        string.Concat(All.Select(t =>
            $"<tr><td><a href=\"/problems/{t.Name}\"><code>{t.Name}</code></a></td><td>{string.Join(", ", t.Statuses)}</td><td>{E(t.Title)}</td></tr>")) +
        "</tbody></table>";

    private static string Describe(ProblemType t) =>
        $"<p><code>type</code>: <code>{E(t.Uri)}</code><br>status: {(t.Statuses.Count == 0 ? "any" : string.Join(", ", t.Statuses))}</p>" +
        $"<h2>What it means</h2><p>{E(t.Meaning)}</p><h2>What to do</h2><p>{E(t.WhatToDo)}</p>" +
        $"<p>Safe to retry: {(t.Retry ? "yes, with the same Idempotency-Key" : "no, not unchanged")}.</p><p><a href=\"/problems\">All problem types</a></p>";

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)} – NEEM Platform</title>" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>" +
        $"<body><main><h1>{E(title)}</h1>{body}</main></body></html>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
