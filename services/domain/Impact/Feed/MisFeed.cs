using System.Buffers;

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
public sealed class FeedPseudonyms(byte[] secret, string consumer) : IDisposable
{
    // One keyed hash per page read: its key schedule is computed once, not once per id. A page names the same participant,
    // group and loan many times: each pseudonym is computed once per page.
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
    private readonly byte[] _consumer = Encoding.UTF8.GetBytes(consumer + "\n");
    private readonly Dictionary<(string Kind, Guid Id), Guid> _known = new();

    public Guid Of(string kind, Guid id)
    {
        if (_known.TryGetValue((kind, id), out var known))
        {
            return known;
        }

        // HMAC-SHA-256 of "{consumer}\n{kind}\n{id:N}", the first 16 bytes as the pseudonym.
        Span<byte> text = stackalloc byte[64 + 32];
        var length = Encoding.UTF8.GetBytes(kind, text);
        text[length++] = (byte)'\n';
        Span<char> hex = stackalloc char[32];
        id.TryFormat(hex, out _, "N");
        length += Encoding.ASCII.GetBytes(hex, text[length..]);
        _hmac.AppendData(_consumer);
        _hmac.AppendData(text[..length]);
        Span<byte> hash = stackalloc byte[32];
        _hmac.GetHashAndReset(hash);
        var pseudonym = new Guid(hash[..16]);
        if (_known.Count < 100_000)
        {
            _known[(kind, id)] = pseudonym;
        }

        return pseudonym;
    }

    private Guid? Of(string kind, Guid? id) => id is { } value ? Of(kind, value) : null;

    public void Dispose() => _hmac.Dispose();

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
                ParticipantId = participant,
                SourceEventId = fact,
                LoanId = Of("loan", e.LoanId),
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
    public static async Task<IResult> Get(HttpContext http, ClaimsPrincipal user, IQuerySession session, IDocumentStore store, Npgsql.NpgsqlDataSource db,
        FeedSecret secret,
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
        using var pseudonyms = new FeedPseudonyms(secret.Key, Consumer(user));
        // One more than asked says whether more wait. Facts enter the store one transaction at a time (Recording takes the
        // feed's append lock), so positions become visible in order and a reader never passes a fact that commits later.
        // The rows are read straight from the event table, each entry deserialised once (Marten's event wrapper is not needed here).
        var events = await MisEventRows.PageAsync(db, store.Options.Events.DatabaseSchemaName, from, take + 1, ct);
        var page = events.Take(take).ToList();
        if (page.Count == 0 && from > 0 && from > await LastPositionAsync(session, ct))
        {
            // Never handed out by this feed: another region's position, or this region's store was restored to an earlier point.
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["after"] = ["Beyond the end of this feed: use a position this region's feed gave you (lastPosition), or 0 to read it from the start."]
            });
        }

        // Who read what, per day, for the data-protection officer: recorded while the page is anonymised, and before any of it is sent.
        var logged = FeedReadLog.RecordAsync(store, Consumer(user), page.Count(e => e.Entry is not null), time.GetUtcNow(), ct);
        var facts = page.Where(e => e.Entry is not null).Select(e => (e.Position, Entry: pseudonyms.Anonymise(e.Entry!))).ToList();
        await logged;
        var last = page.Count > 0 ? page[^1].Position : from;
        var hasMore = events.Count > take;
        var next = $"/api/mis/feed?after={last}&limit={take}";

        var ndjson = http.Request.Headers.Accept.Any(a => a?.Contains(NdjsonMediaType, StringComparison.OrdinalIgnoreCase) == true);
        if (ndjson)
        {
            http.Response.Headers["X-Feed-Last-Position"] = last.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers["X-Feed-Has-More"] = hasMore ? "true" : "false";
            http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return new PageResult(new FeedPageHead(region.Region, from, last, hasMore, next), facts, ndjson);
    }

    private sealed record FeedPageHead(string Region, long After, long LastPosition, bool HasMore, string Next);

    /// <summary>
    /// The page written straight to the response as a <see cref="FeedPage"/> (or as NDJSON lines of <see cref="FeedFact"/>): each
    /// fact serialised once, with no document built in between.
    /// </summary>
    private sealed class PageResult(FeedPageHead head, IReadOnlyList<(long Position, IMisEntry Entry)> facts, bool ndjson) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = (ndjson ? NdjsonMediaType : "application/json") + "; charset=utf-8";
            var body = http.Response.BodyWriter;
            var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = FeedJson.Options.Encoder });
            await using (writer.ConfigureAwait(false))
            {
                if (!ndjson)
                {
                    writer.WriteStartObject();
                    writer.WriteString("region", head.Region);
                    writer.WriteNumber("after", head.After);
                    writer.WriteStartArray("facts");
                }

                foreach (var (position, entry) in facts)
                {
                    FeedJson.WriteFact(writer, position, entry);
                    if (ndjson)
                    {
                        writer.Flush();
                        body.Write("\n"u8);
                        writer.Reset(body);
                    }

                    if (writer.BytesPending + writer.BytesCommitted > 64 * 1024)
                    {
                        writer.Flush();
                        await body.FlushAsync(http.RequestAborted);
                    }
                }

                if (!ndjson)
                {
                    writer.WriteEndArray();
                    writer.WriteNumber("lastPosition", head.LastPosition);
                    writer.WriteBoolean("hasMore", head.HasMore);
                    writer.WriteString("next", head.Next);
                    writer.WriteEndObject();
                }

                await writer.FlushAsync(http.RequestAborted);
            }
        }
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

    /// <summary>
    /// One <see cref="FeedFact"/> of an anonymised entry, as the contract names its members, with the entry itself as the fact and every
    /// instant in it (each <see cref="DateTimeOffset"/>) to the whole minute.
    /// </summary>
    public static void WriteFact(Utf8JsonWriter writer, long position, IMisEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteNumber("position", position);
        writer.WriteString("id", entry.SourceEventId);
        writer.WriteString("type", entry.GetType().Name);
        writer.WriteString("region", entry.Region);
        writer.WriteString("participant", entry.ParticipantId);
        writer.WriteString("happenedOn", MisFold.HappenedOn(entry).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("recordedAt", Coarse(entry.RecordedAt));
        writer.WritePropertyName("fact");
        JsonSerializer.Serialize(writer, entry, entry.GetType(), FactOptions);
        writer.WriteEndObject();
    }

    private static readonly JsonSerializerOptions FactOptions = new(Options) { Converters = { new CoarseInstant() } };

    /// <summary>Writes an instant to the whole minute (<see cref="Coarse"/>); reads it as it is.</summary>
    private sealed class CoarseInstant : System.Text.Json.Serialization.JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(Coarse(value));
    }
}
