using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using NeemPlatform.Hosting;
using NeemPlatform.Impact.History;
using Wolverine.Http;

namespace NeemPlatform.Impact.Feed;

/// <summary>
/// One fact of a region's anonymous MIS feed. <see cref="Position"/> orders the feed (ask for what comes after the last one you
/// applied); <see cref="Id"/> names the fact for ever (apply each once). The fact itself is the MIS entry with every id replaced by
/// a pseudonym of the consumer's own: the participant, the fact, her referrals, groups, sessions, loans and enterprises.
/// </summary>
public sealed record FeedFact(long Position, Guid Id, string Type, string Region, Guid Participant, DateOnly HappenedOn,
    DateTimeOffset RecordedAt, JsonElement Fact);

/// <summary>A page of the feed: the facts after <see cref="After"/>, the position to ask after next, and whether more wait.</summary>
public sealed record FeedPage(string Region, long After, IReadOnlyList<FeedFact> Facts, long LastPosition, bool HasMore, string Next);

/// <summary>
/// The keyed pseudonyms of one consumer of the feed: HMAC-SHA-256 under the instance's feed secret, of the consumer's name, the
/// kind of id and the id. The same participant keeps her pseudonym in every page the consumer reads; two consumers (the national
/// view, a researcher) get pseudonyms that cannot be linked to each other or, without the secret, to the region's ids.
/// </summary>
public sealed class FeedPseudonyms(byte[] secret, string consumer)
{
    public Guid Of(string kind, Guid id) =>
        new(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{consumer}\n{kind}\n{id:N}")).AsSpan(0, 16));

    private Guid? Of(string kind, Guid? id) => id is { } value ? Of(kind, value) : null;

    /// <summary>The entry as the consumer sees it: every id a pseudonym, the disbursing loan officer and the referring partner left out.</summary>
    public IMisEntry Anonymise(IMisEntry entry)
    {
        var participant = Of("participant", entry.ParticipantId);
        var fact = Of("fact", entry.SourceEventId);
        return entry switch
        {
            ReferralRecorded e => e with { ParticipantId = participant, SourceEventId = fact, ReferralId = Of("referral", e.ReferralId), PartnerId = null },
            NetworkGroupJoinRecorded e => e with { ParticipantId = participant, SourceEventId = fact, NetworkGroupId = Of("network-group", e.NetworkGroupId) },
            AttendanceEntryRecorded e => e with { ParticipantId = participant, SourceEventId = fact, SessionId = Of("session", e.SessionId) },
            NextStepRecorded e => e with { ParticipantId = participant, SourceEventId = fact, EnterpriseId = Of("enterprise", e.EnterpriseId) },
            LoanFactRecorded e => e with
            {
                ParticipantId = participant, SourceEventId = fact, LoanId = Of("loan", e.LoanId),
                Detail = e.Fact == "disbursed" ? null : e.Detail // a disbursement's detail names the loan officer
            },
            SelectionRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            NonSelectionRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            FollowUpRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            ModuleApprovalRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            CoachingCompletionRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            CoachingDropoutRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            ErasureRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            EnrolmentRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            PlanApprovalRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            CreditFileRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            LeavingRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            ProfileChangeRecorded e => e with { ParticipantId = participant, SourceEventId = fact },
            _ => throw new ArgumentException($"{entry.GetType().Name} has no anonymous form in the feed.", nameof(entry))
        };
    }
}

/// <summary>The MIS entry types by the name the feed gives them (the record's name), for consumers that fold them again.</summary>
public static class FeedTypes
{
    public static readonly IReadOnlyDictionary<string, Type> ByName = typeof(IMisEntry).Assembly.GetTypes()
        .Where(t => typeof(IMisEntry).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
        .ToDictionary(t => t.Name, StringComparer.Ordinal);
}

/// <summary>The feed's secret (<c>Neem:Impact:FeedSecret</c>, base64 of 32+ bytes): it keys every pseudonym the feed gives.</summary>
public sealed record FeedSecret(byte[] Key)
{
    public const string Setting = "Neem:Impact:FeedSecret";

    public static FeedSecret From(IConfiguration configuration)
    {
        var text = configuration[Setting];
        byte[]? key = null;
        try
        {
            key = string.IsNullOrWhiteSpace(text) ? null : Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
        }

        return key is { Length: >= 32 }
            ? new FeedSecret(key)
            : throw new InvalidOperationException(
                $"{Setting} is not set: a base64 secret of 32+ bytes that keys the pseudonyms of the MIS feed. The AppHost creates one " +
                "(mis-feed.key beside the data); a deployment sets Neem__Impact__FeedSecret and keeps it.");
    }
}

public static class MisFeedEndpoint
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 5000;
    public const string NdjsonMediaType = "application/x-ndjson";

    /// <summary>
    /// The consumer a feed credential names, in its own namespace: a configured key's name as it is (a configuration name
    /// never holds ':'), a machine token's subject as <c>token:&lt;subject&gt;</c>. A token whose subject is "national" is
    /// therefore never given the pseudonyms of the national view's key.
    /// </summary>
    public static string Consumer(ClaimsPrincipal user)
    {
        var subject = user.FindFirstValue(NeemClaims.Subject) ?? "";
        return user.Identity?.AuthenticationType == FeedAuthentication.Scheme ? subject : "token:" + subject;
    }

    [WolverineGet("/api/mis/feed", Name = "GetMisFeed")]
    [Authorize(Policy = NeemPolicies.MisFeed)]
    [Tags("Feed")]
    [EndpointSummary("The region's MIS facts in the order they were recorded, anonymous, a page after a position (JSON, or NDJSON when asked)")]
    [EndpointDescription("For the national view and researchers with a feed credential (X-Feed-Key, or a machine token with the " +
                         "mis-feed role). Every id is a pseudonym that stays the same for the same consumer; no direct identifier. " +
                         "Ask with after = the last position you applied; a fact's id is unique for ever. NDJSON gives one fact per " +
                         "line with the paging in the X-Feed-Last-Position and X-Feed-Has-More headers and a Link rel=next header.")]
    [ProducesResponseType<FeedPage>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(HttpContext http, ClaimsPrincipal user, IQuerySession session, IDocumentStore store, FeedSecret secret,
        Microsoft.Extensions.Hosting.RegionOptions region, TimeProvider time, CancellationToken ct, long? after = null, int? limit = null)
    {
        var validation = new Validation()
            .Require(after is null or >= 0, "after", "A position: 0 or more (the last position you applied).")
            .Require(limit is null or >= 1 and <= MaxLimit, "limit", $"From 1 to {MaxLimit} facts.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var from = after ?? 0;
        var take = limit ?? DefaultLimit;
        var pseudonyms = new FeedPseudonyms(secret.Key, Consumer(user));
        // One more than asked says whether more wait. Facts enter the store one transaction at a time (Recording takes the
        // feed's append lock), so positions become visible in order and a reader never passes a fact that commits later.
        var events = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > from).OrderBy(e => e.Sequence).Take(take + 1).ToListAsync(ct);
        var page = events.Take(take).ToList();
        if (page.Count == 0 && from > 0 && from > await LastPositionAsync(session, ct))
        {
            // Never handed out by this feed: another region's position, or this region's store was restored to an earlier point.
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["after"] = ["Beyond the end of this feed: use a position this region's feed gave you (lastPosition), or 0 to read it from the start."]
            });
        }

        var facts = page.Where(e => e.Data is IMisEntry).Select(e =>
        {
            var entry = pseudonyms.Anonymise((IMisEntry)e.Data);
            return new FeedFact(e.Sequence, entry.SourceEventId, entry.GetType().Name, entry.Region, entry.ParticipantId, MisFold.HappenedOn(entry),
                FeedJson.Coarse(entry.RecordedAt), FeedJson.WithCoarseTimes(entry));
        }).ToList();
        // Who read what, per day, for the data-protection officer.
        await FeedReadLog.RecordAsync(store, Consumer(user), facts.Count, time.GetUtcNow(), ct);
        var last = page.Count > 0 ? page[^1].Sequence : from;
        var hasMore = events.Count > take;
        var next = $"/api/mis/feed?after={last}&limit={take}";

        if (http.Request.Headers.Accept.Any(a => a?.Contains(NdjsonMediaType, StringComparison.OrdinalIgnoreCase) == true))
        {
            http.Response.Headers["X-Feed-Last-Position"] = last.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers["X-Feed-Has-More"] = hasMore ? "true" : "false";
            http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
            var lines = new StringBuilder();
            foreach (var fact in facts)
            {
                lines.Append(JsonSerializer.Serialize(fact, FeedJson.Options)).Append('\n');
            }

            return TypedResults.Text(lines.ToString(), NdjsonMediaType, Encoding.UTF8);
        }

        return TypedResults.Ok(new FeedPage(region.Region, from, facts, last, hasMore, next));
    }

    private static async Task<long> LastPositionAsync(IQuerySession session, CancellationToken ct) =>
        await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
}

/// <summary>The feed's JSON: camelCase, as every NEEM API.</summary>
public static class FeedJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // JSON for programs, never embedded in HTML: "+01:00" stays readable instead of "\u002B01:00".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping
    };

    /// <summary>
    /// An instant as the feed gives it: to the whole minute. Consumers count days and months; an instant to 100 ns beside a
    /// participant's age band and municipality would let a reader match a fact to the region's own records or to a staff
    /// member's action.
    /// </summary>
    public static DateTimeOffset Coarse(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMinute, at.Offset);

    /// <summary>The fact as the feed gives it, every instant (a member named …At holding a date-time) to the whole minute: one serialisation.</summary>
    public static JsonElement WithCoarseTimes(IMisEntry entry)
    {
        var node = JsonSerializer.SerializeToNode(entry, entry.GetType(), Options);
        Coarsen(node);
        return JsonSerializer.SerializeToElement(node, Options);
    }

    private static void Coarsen(System.Text.Json.Nodes.JsonNode? node)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject members:
                foreach (var (name, value) in members.ToList())
                {
                    if (name.EndsWith("At", StringComparison.Ordinal) && value is System.Text.Json.Nodes.JsonValue leaf
                        && leaf.TryGetValue<string>(out var text) && text.Contains('T', StringComparison.Ordinal)
                        && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at))
                    {
                        members[name] = JsonSerializer.SerializeToNode(Coarse(at), Options);
                    }
                    else
                    {
                        Coarsen(value);
                    }
                }

                break;
            case System.Text.Json.Nodes.JsonArray items:
                foreach (var item in items)
                {
                    Coarsen(item);
                }

                break;
        }
    }
}
