using System.Net.Http.Headers;
using NeemPlatform.Impact.History.Recording;

namespace NeemPlatform.Impact.National;

/// <summary>One region's feed as the national view reads it: its address and the national view's feed key there.</summary>
public sealed record RegionFeed(string Region, Uri BaseAddress, string Key);

/// <summary>
/// The national view's sources (<c>Neem:National:Regions:&lt;region&gt;:Url</c> and <c>:Key</c>) and how often it pulls
/// (<c>Neem:National:PullSeconds</c>, default 60).
/// </summary>
public sealed record NationalOptions(IReadOnlyList<RegionFeed> Regions, TimeSpan PullEvery, int PageSize)
{
    /// <summary>
    /// A region whose feed was last read longer ago than this is behind: two pull intervals, and a minute for a round in which
    /// another region does not answer (its retries and the feed client's timeout hold up the regions read after it).
    /// </summary>
    public TimeSpan BehindAfter => PullEvery * 2 + TimeSpan.FromMinutes(1);

    public static NationalOptions From(IConfiguration configuration)
    {
        var regions = new List<RegionFeed>();
        foreach (var region in configuration.GetSection("Neem:National:Regions").GetChildren())
        {
            if (!Microsoft.Extensions.Hosting.Regions.IsKnown(region.Key))
            {
                throw new InvalidOperationException(
                    $"Neem:National:Regions:{region.Key} is not a regional platform ({string.Join(", ", Microsoft.Extensions.Hosting.Regions.All)}).");
            }

            if (!Uri.TryCreate(region["Url"], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"Neem:National:Regions:{region.Key}:Url must be the region's Impact address (http or https).");
            }

            if (region["Key"] is not { Length: >= 32 } key)
            {
                throw new InvalidOperationException($"Neem:National:Regions:{region.Key}:Key must be the national view's feed key there (32+ characters).");
            }

            regions.Add(new RegionFeed(region.Key, url, key));
        }

        return new NationalOptions(regions, TimeSpan.FromSeconds(configuration.GetValue("Neem:National:PullSeconds", 60)),
            configuration.GetValue("Neem:National:PageSize", 1000));
    }
}

/// <summary>How far the national view has read one region's feed.</summary>
public sealed class FeedCheckpoint
{
    /// <summary>The region.</summary>
    public string Id { get; set; } = "";

    public long Position { get; set; }
    public long FactsApplied { get; set; }
    public DateTimeOffset? LastPulledAt { get; set; }
}

/// <summary>
/// A region's feed as the national view last saw it: where it stands, and the last failure when the region was unreachable.
/// <see cref="Behind"/>: the national figures may lack this region's latest facts, because its last pull failed, it was never
/// read, or its last read is older than <see cref="NationalOptions.BehindAfter"/>.
/// </summary>
public sealed record SourceStatus(string Region, long Position, long FactsApplied, DateTimeOffset? LastPulledAt, string? LastError,
    DateTimeOffset? LastErrorAt, bool Behind = false);

/// <summary>What one pull of one region did.</summary>
public sealed record PullResult(string Region, int Pages, int FactsApplied, int FactsAlreadyKnown, long Position, string? Error);

/// <summary>
/// The national view: pulls each region's anonymous MIS feed into its own history, page by page. A page's facts and the region's
/// checkpoint commit in one transaction, so a crash or a region that stops answering mid-pull loses nothing and repeats nothing;
/// each fact's id is also marked, so a fact that comes again (a region restored from a backup) is applied once. The national
/// indicators, series, funder report and research tables then read this history with the regions' own definitions.
/// </summary>
public sealed class NationalFeeds(NationalOptions options, IHttpClientFactory clients, IDocumentStore store, TimeProvider time,
    ILogger<NationalFeeds> logger)
{
    public const string HttpClientName = "national-feeds";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Error, DateTimeOffset At)> _errors = new();

    public async Task<IReadOnlyList<PullResult>> PullAllAsync(CancellationToken ct)
    {
        var results = new List<PullResult>();
        foreach (var region in options.Regions)
        {
            results.Add(await PullAsync(region, ct));
        }

        return results;
    }

    /// <summary>Reads one region's feed from its checkpoint to its end; a region that fails is tried again on the next pull.</summary>
    public async Task<PullResult> PullAsync(RegionFeed region, CancellationToken ct)
    {
        var pages = 0;
        var applied = 0;
        var known = 0;
        long position = 0;
        try
        {
            using var http = clients.CreateClient(HttpClientName);
            http.BaseAddress = region.BaseAddress;
            while (true)
            {
                await using var session = store.LightweightSession();
                // One puller per region at a time, whatever the number of national nodes.
                await session.LockAsync($"national-pull:{region.Region}", ct);
                var checkpoint = await session.LoadAsync<FeedCheckpoint>(region.Region, ct) ?? new FeedCheckpoint { Id = region.Region };
                position = checkpoint.Position;

                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/mis/feed?after={checkpoint.Position}&limit={options.PageSize}");
                request.Headers.Add(FeedAuthentication.Header, region.Key);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"The {region.Region} feed answered {(int)response.StatusCode}.", null, response.StatusCode);
                }

                var page = await response.Content.ReadFromJsonAsync<FeedPage>(FeedJson.Options, ct)
                           ?? throw new InvalidDataException($"The {region.Region} feed sent an empty page.");
                if (page.Region != region.Region || page.After != checkpoint.Position)
                {
                    throw new InvalidDataException($"The {region.Region} feed answered for {page.Region} after {page.After}.");
                }

                var now = time.GetUtcNow();
                // The page's facts enter the history in the feed's order, under the history's append lock (so the national
                // view's own feed is ordered too), each participant's stream fetched once for the page.
                await session.LockAsync(RecordInHistoryHandler.AppendLock, ct);
                var streams = new Dictionary<Guid, JasperFx.Events.IEventStream<MisParticipant>>();
                foreach (var fact in page.Facts)
                {
                    if (await ApplyAsync(session, streams, region.Region, fact, now, ct))
                    {
                        applied++;
                    }
                    else
                    {
                        known++;
                    }
                }

                checkpoint.Position = Math.Max(checkpoint.Position, page.LastPosition);
                checkpoint.FactsApplied += page.Facts.Count;
                checkpoint.LastPulledAt = now;
                session.Store(checkpoint);
                await session.SaveChangesAsync(ct);
                position = checkpoint.Position;
                pages++;
                if (!page.HasMore || page.LastPosition <= page.After)
                {
                    break;
                }
            }

            _errors.TryRemove(region.Region, out _);
            return new PullResult(region.Region, pages, applied, known, position, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Down, slow or answering nonsense: nothing of the failed page was stored; the next pull starts at the checkpoint.
            logger.LogWarning("Pulling the {Region} MIS feed failed at position {Position}: {Error}", region.Region, position, e.Message);
            _errors[region.Region] = (e.Message, time.GetUtcNow());
            return new PullResult(region.Region, pages, applied, known, position, e.Message);
        }
    }

    /// <summary>Applies one fact of a region's feed once: false when its id was applied before.</summary>
    private static async Task<bool> ApplyAsync(IDocumentSession session, Dictionary<Guid, JasperFx.Events.IEventStream<MisParticipant>> streams,
        string region, FeedFact fact, DateTimeOffset now, CancellationToken ct)
    {
        if (!FeedTypes.ByName.TryGetValue(fact.Type, out var type)
            || fact.Fact.Deserialize(type, FeedJson.Options) is not IMisEntry entry)
        {
            throw new InvalidDataException($"The {region} feed sent a fact of an unknown type at position {fact.Position}.");
        }

        if (entry.Region != region || entry.ParticipantId != fact.Participant || entry.SourceEventId != fact.Id)
        {
            throw new InvalidDataException($"The {region} feed sent a fact at position {fact.Position} that does not agree with itself.");
        }

        if (await session.AlreadyHandledAsync(fact.Id, ct))
        {
            return false;
        }

        if (!streams.TryGetValue(entry.ParticipantId, out var stream))
        {
            streams[entry.ParticipantId] = stream = await session.FetchForExclusiveWritingAsync<MisParticipant>(entry.ParticipantId, ct);
        }

        stream.AppendOne(entry);
        session.MarkHandled(fact.Id, entry, now);
        return true;
    }

    /// <summary>Where each region's feed stands, for the national figures' "as of".</summary>
    public async Task<IReadOnlyList<SourceStatus>> StatusAsync(IQuerySession session, CancellationToken ct)
    {
        var checkpoints = (await session.Query<FeedCheckpoint>().ToListAsync(ct)).ToDictionary(c => c.Id);
        var now = time.GetUtcNow();
        return options.Regions.Select(r =>
        {
            var c = checkpoints.GetValueOrDefault(r.Region);
            var error = _errors.TryGetValue(r.Region, out var e) ? e : default;
            var behind = error.Error is not null || c?.LastPulledAt is not { } pulled || now - pulled > options.BehindAfter;
            return new SourceStatus(r.Region, c?.Position ?? 0, c?.FactsApplied ?? 0, c?.LastPulledAt, error.Error, error.Error is null ? null : error.At,
                behind);
        }).ToList();
    }
}

/// <summary>Pulls every region's feed on the national view's schedule.</summary>
public sealed class NationalPuller(NationalFeeds feeds, NationalOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PullEvery, time);
        do
        {
            await feeds.PullAllAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class NationalModule
{
    /// <summary>
    /// The regions' feeds, their checkpoints and, in the national view (<c>Neem:Region=national</c>), the schedule that pulls
    /// them. A regional instance has no sources.
    /// </summary>
    public static void AddNationalView(this IServiceCollection services, IConfiguration configuration)
    {
        var national = configuration["Neem:Region"] == Microsoft.Extensions.Hosting.Regions.National;
        var options = national ? NationalOptions.From(configuration) : new NationalOptions([], TimeSpan.FromMinutes(1), 1000);
        if (national && options.Regions.Count == 0)
        {
            throw new InvalidOperationException(
                "The national view reads the regions' MIS feeds: set Neem:National:Regions:<region>:Url and :Key for each region.");
        }

        services.AddSingleton(options);
        services.AddSingleton<NationalFeeds>();
        services.AddHttpClient(NationalFeeds.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60));
        if (national && configuration.GetValue("Neem:National:PullOnSchedule", true))
        {
            services.AddHostedService<NationalPuller>();
        }
    }

    public static StoreOptions ConfigureNational(this StoreOptions options)
    {
        options.Schema.For<FeedCheckpoint>();
        return options;
    }
}
