using System.Diagnostics;
using Npgsql;

namespace NeemPlatform.Participant.Partners.Callbacks;

/// <summary>How callbacks are delivered: the retry schedule, how long one attempt may take, and which addresses are allowed.</summary>
public sealed record CallbackSettings(
    IReadOnlyList<TimeSpan> RetryDelays, TimeSpan PollInterval, TimeSpan AttemptTimeout, TimeSpan PreviousSecretGrace,
    bool AllowHttp, bool AllowPrivateNetworks)
{
    /// <summary>After the first attempt: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h and 24 h, so about two days in all.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
        [.. new[] { 10, 60, 300, 1800, 7200, 21600, 43200, 86400 }.Select(s => TimeSpan.FromSeconds(s))];

    public int MaxAttempts => RetryDelays.Count + 1;

    public static CallbackSettings From(IConfiguration configuration)
    {
        var delays = configuration["Neem:Callbacks:RetryDelaysSeconds"] is { Length: > 0 } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => TimeSpan.FromSeconds(Math.Clamp(double.Parse(s, CultureInfo.InvariantCulture), 0.01, 7 * 86400))).ToList()
            : DefaultRetryDelays;
        return new CallbackSettings(delays,
            TimeSpan.FromMilliseconds(Math.Clamp(configuration.GetValue("Neem:Callbacks:PollMilliseconds", 1000), 50, 60_000)),
            TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Neem:Callbacks:AttemptTimeoutSeconds", 10), 1, 60)),
            TimeSpan.FromHours(Math.Clamp(configuration.GetValue("Neem:Callbacks:PreviousSecretGraceHours", 24), 0, 24 * 30)),
            configuration.GetValue("Neem:Callbacks:AllowHttp", false),
            configuration.GetValue("Neem:Callbacks:AllowPrivateNetworks", false));
    }
}

/// <summary>
/// Delivers the waiting <see cref="CallbackDelivery"/> documents: one node at a time (a PostgreSQL advisory lock per
/// round), each due delivery POSTed once per round, its attempt logged, and the next one scheduled by the retry
/// schedule until a 2xx answer or the schedule's end. A redirect is a failure (it could lead anywhere).
/// </summary>
public sealed class CallbackDispatcher(
    IDocumentStore store, IHttpClientFactory clients, IdentityKey identityKey, CallbackSettings settings, TimeProvider time,
    ILogger<CallbackDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "neem-callbacks";
    private const int Batch = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Type only: a driver's message can quote a value. The deliveries stay pending for the next round.
                logger.LogWarning("A round of callback deliveries failed with {ExceptionType}; retrying on the next round.", e.GetType().FullName);
            }

            try
            {
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: every delivery due now, if this node holds the dispatcher's lock. Returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand("select pg_try_advisory_xact_lock(hashtextextended('callback-dispatcher', 0))",
                         (NpgsqlConnection)session.Connection!))
        {
            if (await command.ExecuteScalarAsync(ct) is not true)
            {
                return 0;
            }
        }

        var now = time.GetUtcNow();
        var due = await session.Query<CallbackDelivery>()
            .Where(d => d.State == CallbackStates.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var partners = (await session.LoadManyAsync<Partner>(ct, due.Select(d => d.PartnerId).Distinct().ToArray())).ToDictionary(p => p.Id);
        var referrals = (await session.LoadManyAsync<Referral>(ct, due.Select(d => d.ReferralId).Distinct().ToArray())).ToDictionary(r => r.Id);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (delivery, token) =>
        {
            var registration = partners.GetValueOrDefault(delivery.PartnerId)?.CallbackFor(delivery.Kind);
            if (registration is null)
            {
                delivery.State = CallbackStates.Cancelled;
                return;
            }

            await AttemptAsync(delivery, partners[delivery.PartnerId], registration, referrals.GetValueOrDefault(delivery.ReferralId), token);
        });
        session.Store(due.ToArray());
        await session.SaveChangesAsync(ct);
        return due.Count;
    }

    private async Task AttemptAsync(CallbackDelivery delivery, Partner partner, CallbackRegistration registration, Referral? referral,
        CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new ReferralStatusCallback(delivery.Id, "referral.status-changed",
            delivery.Kind == CredentialKinds.Sandbox, delivery.ReferralId, delivery.Status, delivery.PreviousStatus, delivery.ChangedAt,
            referral?.CaseReference), Json);
        var at = time.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, registration.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json")
        };
        request.Headers.Add(CallbackSigning.IdHeader, delivery.Id.ToString());
        request.Headers.Add(CallbackSigning.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(CallbackSigning.SignatureHeader, SignaturesFor(partner.Id, registration, delivery.Id, timestamp, body, at));
        request.Headers.UserAgent.ParseAdd("NeemPlatform-Callbacks/1");

        int? status = null;
        string? error = null;
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.AttemptTimeout);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = "timeout";
        }
        catch (HttpRequestException e)
        {
            error = e.InnerException is CallbackAddressRefused ? "address-refused" : e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "name-not-resolved",
                HttpRequestError.ConnectionError => "connection-failed",
                HttpRequestError.SecureConnectionError => "tls-failed",
                _ => "http-error"
            };
        }

        delivery.Attempts.Add(new CallbackAttempt(at, registration.Url, status, error, (int)watch.ElapsedMilliseconds));
        if (status is >= 200 and < 300)
        {
            delivery.State = CallbackStates.Delivered;
            delivery.DeliveredAt = at;
        }
        else if (delivery.Attempts.Count - delivery.ScheduleStartsAfter is var made && made >= settings.MaxAttempts)
        {
            delivery.State = CallbackStates.Failed;
        }
        else
        {
            delivery.NextAttemptAt = at + settings.RetryDelays[made - 1];
        }

        // The partner and the outcome only: the body is the partner's business, its address may carry a token.
        logger.LogInformation("Callback {DeliveryId} for partner {PartnerId}: attempt {Attempt} answered {Status}{Error}.", delivery.Id,
            partner.Id, delivery.Attempts.Count, status, error);
    }

    /// <summary>The current secret's signature, and the previous secret's beside it while a rotation's grace period lasts.</summary>
    private string SignaturesFor(Guid partnerId, CallbackRegistration registration, Guid deliveryId, long timestamp, string body, DateTimeOffset now)
    {
        var current = CallbackSigning.Signature(
            CallbackSigning.Secret(identityKey, partnerId, registration.Kind, registration.SecretGeneration), deliveryId, timestamp, body);
        return registration.PreviousSecretValidUntil > now && registration.SecretGeneration > 1
            ? current + " " + CallbackSigning.Signature(
                CallbackSigning.Secret(identityKey, partnerId, registration.Kind, registration.SecretGeneration - 1), deliveryId, timestamp, body)
            : current;
    }

    /// <summary>
    /// The connection for a callback: unless private networks are allowed, every address the name resolves to is checked
    /// when connecting (<see cref="CallbackAddresses.IsPublic(IPAddress)"/>: no special-purpose range, no address of this
    /// machine), and the connection goes to an allowed address directly, never through a proxy (a proxy would connect on
    /// our behalf to an address this check never saw).
    /// </summary>
    public static SocketsHttpHandler Handler(CallbackSettings settings) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        Proxy = null,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.Where(a => settings.AllowPrivateNetworks || CallbackAddresses.IsPublic(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new CallbackAddressRefused();
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    };

    private sealed class CallbackAddressRefused() : Exception("The callback address resolves to a non-public network.");
}
