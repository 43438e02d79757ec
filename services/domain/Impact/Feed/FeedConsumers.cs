namespace NeemPlatform.Impact.Feed;

/// <summary>
/// A reader of the region's anonymous MIS feed that an administrator registered (a researcher's replay tool, another national
/// view): its key is shown once when it is created and only its SHA-256 is kept; revoking it refuses the key from the next
/// request. Its pseudonyms are its own (<see cref="Subject"/>), never those of a configured consumer or a token's subject.
/// </summary>
public sealed class FeedConsumer
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The name compared for uniqueness: trimmed, lower case (two consumers never differ by case alone).</summary>
    public string NameKey { get; set; } = "";

    public string Purpose { get; set; } = "";
    public string KeyHash { get; set; } = "";

    /// <summary>The key's first characters, so an administrator can tell which key a consumer holds.</summary>
    public string KeyStart { get; set; } = "";

    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? RevokedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The consumer as the feed names it: a namespace of its own (configured names hold no ':', tokens are "token:…").</summary>
    public string Subject => $"consumer:{Id:N}";
}

/// <summary>The feed read by one consumer on one day: pages, facts and when (for the data-protection officer).</summary>
public sealed class FeedReadDay
{
    /// <summary>"consumer|yyyy-MM-dd".</summary>
    public string Id { get; set; } = "";

    public string Consumer { get; set; } = "";
    public DateOnly Day { get; set; }
    public int Pages { get; set; }
    public long Facts { get; set; }
    public DateTimeOffset FirstAt { get; set; }
    public DateTimeOffset LastAt { get; set; }
}

public sealed record CreateFeedConsumer(string Name, string Purpose);

/// <summary>A feed consumer as administrators see it; <see cref="Key"/> only in the answer that created it.</summary>
public sealed record FeedConsumerView(string Id, string Name, string Source, string? Purpose, string? KeyStart, string? CreatedBy,
    DateTimeOffset? CreatedAt, string? RevokedBy, DateTimeOffset? RevokedAt, DateTimeOffset? LastReadAt, string? Key = null);

/// <summary>One consumer's reads of the feed on one day.</summary>
public sealed record FeedReadView(string Consumer, string ConsumerName, DateOnly Day, int Pages, long Facts, DateTimeOffset FirstAt, DateTimeOffset LastAt);

public sealed record FeedReadPage(IReadOnlyList<FeedReadView> Reads, int Total);

public static class FeedConsumerModule
{
    public static StoreOptions ConfigureFeedConsumers(this StoreOptions options)
    {
        options.Schema.For<FeedConsumer>().Index(c => c.KeyHash).Index(c => c.NameKey);
        options.Schema.For<FeedReadDay>().Index(r => r.Day);
        return options;
    }
}

public static class FeedConsumerRules
{
    public const string Configured = "configuration";
    public const string Registered = "portal";
    public static readonly IReadOnlyList<string> Sources = [Configured, Registered];

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NameKey(string name) => name.Trim().ToLowerInvariant();

    /// <summary>A new key: 32 random bytes, URL-safe base64 with a prefix that says what it is.</summary>
    public static string NewKey() =>
        "neemfeed_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The consumer a subject names, for people: a registered consumer by its name, a configured key by its name, a token as itself.</summary>
    public static string NameOf(string subject, IReadOnlyDictionary<string, string> registered) =>
        registered.TryGetValue(subject, out var name) ? name : subject;
}

public static class FeedConsumerEndpoints
{
    [WolverineGet("/api/feed-consumers", Name = "ListFeedConsumers")]
    [EndpointSummary("Who may read the region's MIS feed: the consumers configured on the server and those registered here")]
    [ProducesResponseType<IReadOnlyList<FeedConsumerView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(IQuerySession session, FeedAuthentication.Consumers configured, CancellationToken ct)
    {
        var registered = await session.Query<FeedConsumer>().OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var lastReads = (await session.Query<FeedReadDay>().ToListAsync(ct))
            .GroupBy(r => r.Consumer).ToDictionary(g => g.Key, g => (DateTimeOffset?)g.Max(r => r.LastAt));
        return TypedResults.Ok(configured.NameByKeyHash.Values.Order(StringComparer.Ordinal)
            .Select(name => new FeedConsumerView(name, name, FeedConsumerRules.Configured, null, null, null, null, null, null, lastReads.GetValueOrDefault(name)))
            .Concat(registered.Select(c => View(c, lastReads.GetValueOrDefault(c.Subject))))
            .ToList());
    }

    [WolverinePost("/api/feed-consumers", Name = "RegisterFeedConsumer")]
    [EndpointSummary("Register a consumer of the MIS feed: its key is in this answer only (send it as X-Feed-Key)")]
    [EndpointDescription("The name is unique in the region whatever its case; registering a name again is refused with 409 (revoke the " +
                         "consumer and register it anew to issue another key). Only the key's SHA-256 is kept.")]
    [ProducesResponseType<FeedConsumerView>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Register(CreateFeedConsumer command, ClaimsPrincipal user, IDocumentSession session,
        FeedAuthentication.Consumers configured, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(command.Name, "name", 100, required: true)
            .Text(command.Purpose, "purpose", 500, required: true);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var nameKey = FeedConsumerRules.NameKey(command.Name);
        // One registration of a name at a time, so two administrators (or a retry) never register it twice.
        await session.LockAsync($"feed-consumer:{nameKey}", ct);
        if (configured.NameByKeyHash.Values.Any(n => FeedConsumerRules.NameKey(n) == nameKey)
            || await session.Query<FeedConsumer>().AnyAsync(c => c.NameKey == nameKey && c.RevokedAt == null, ct))
        {
            return Problems.ConflictResult("A feed consumer with this name already exists. Revoke it first to issue a new key.");
        }

        var key = FeedConsumerRules.NewKey();
        var now = time.GetUtcNow();
        var consumer = new FeedConsumer
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name.Trim(),
            NameKey = nameKey,
            Purpose = command.Purpose.Trim(),
            KeyHash = FeedConsumerRules.Hash(key),
            KeyStart = key[..13],
            CreatedBy = user.StaffId(),
            CreatedAt = now
        };
        session.Store(consumer);
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/feed-consumers/{consumer.Id}", View(consumer, null) with { Key = key });
    }

    [WolverinePost("/api/feed-consumers/{id}/revoke", Name = "RevokeFeedConsumer")]
    [EndpointSummary("Revoke a registered consumer's key: refused from the next request; revoking again changes nothing")]
    [ProducesResponseType<FeedConsumerView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Revoke(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await session.LockAsync($"feed-consumer-id:{id}", ct);
        if (await session.LoadAsync<FeedConsumer>(id, ct) is not { } consumer)
        {
            return Problems.NotFound("feed consumer", id);
        }

        if (consumer.RevokedAt is null)
        {
            consumer.RevokedAt = time.GetUtcNow();
            consumer.RevokedBy = user.StaffId();
            session.Store(consumer);
            await session.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(View(consumer, null));
    }

    [WolverineGet("/api/audit/feed-reads", Name = "ListFeedReads")]
    [Authorize(Policy = NeemPolicies.RevealAudit)]
    [EndpointSummary("Who read the region's MIS feed, per consumer and day: pages, facts, first and last read (newest first)")]
    [ProducesResponseType<FeedReadPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Reads(IQuerySession session, CancellationToken ct, DateOnly? from = null, DateOnly? to = null,
        int page = 1, int pageSize = 50)
    {
        var validation = new Validation()
            .Require(from is null || from.Value.Year is >= 2000 and <= 2100, "from", "A date between 2000-01-01 and 2100-12-31.")
            .Require(to is null || to.Value.Year is >= 2000 and <= 2100, "to", "A date between 2000-01-01 and 2100-12-31.")
            .Require(from is null || to is null || from <= to, "to", "Not before 'from'.")
            .Require(page is >= 1 and <= 100_000, "page", "From 1 to 100 000.")
            .Require(pageSize is >= 1 and <= 500, "pageSize", "From 1 to 500.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        IQueryable<FeedReadDay> query = session.Query<FeedReadDay>();
        if (from is { } first)
        {
            query = query.Where(r => r.Day >= first);
        }

        if (to is { } last)
        {
            query = query.Where(r => r.Day <= last);
        }

        var total = await query.CountAsync(ct);
        var reads = await query.OrderByDescending(r => r.Day).ThenBy(r => r.Consumer).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var names = (await session.Query<FeedConsumer>().ToListAsync(ct)).ToDictionary(c => c.Subject, c => c.Name);
        return TypedResults.Ok(new FeedReadPage(reads.Select(r => new FeedReadView(r.Consumer, FeedConsumerRules.NameOf(r.Consumer, names), r.Day, r.Pages,
            r.Facts, r.FirstAt, r.LastAt)).ToList(), total));
    }

    private static FeedConsumerView View(FeedConsumer c, DateTimeOffset? lastRead) =>
        new(c.Id.ToString(), c.Name, FeedConsumerRules.Registered, c.Purpose, c.KeyStart, c.CreatedBy, c.CreatedAt, c.RevokedBy, c.RevokedAt, lastRead);
}

/// <summary>Counts each page of the feed a consumer reads into its day (one row per consumer and day, updated under a lock).</summary>
public static class FeedReadLog
{
    public static async Task RecordAsync(IDocumentStore store, string consumer, int facts, DateTimeOffset now, CancellationToken ct)
    {
        var day = SwedishTime.DateOf(now);
        var id = $"{consumer}|{day:yyyy-MM-dd}";
        await using var session = store.LightweightSession();
        await session.LockAsync($"feed-read:{id}", ct);
        var read = await session.LoadAsync<FeedReadDay>(id, ct) ?? new FeedReadDay { Id = id, Consumer = consumer, Day = day, FirstAt = now };
        read.Pages++;
        read.Facts += facts;
        read.LastAt = now;
        session.Store(read);
        await session.SaveChangesAsync(ct);
    }
}
