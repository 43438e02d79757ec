using System.Threading.Channels;
using Wolverine.Marten.Publishing;

namespace NeemPlatform.Participant.Referrals.Receiving;

/// <summary>How many writers commit partner referrals, and how many referrals one commit may hold.</summary>
public sealed record ReferralIntakeSettings(int Writers, int MaxBatch)
{
    public static ReferralIntakeSettings From(IConfiguration configuration) => new(
        Math.Clamp(configuration.GetValue("Neem:Participant:IntakeWriters", 4), 1, 16),
        Math.Clamp(configuration.GetValue("Neem:Participant:IntakeMaxBatch", 64), 1, 500));
}

/// <summary>
/// Group commit for partner referrals. Partners post in bursts; each referral alone would pay for its own
/// transaction, its own lookups and its own outbox flush. Here the referrals that arrive while a commit is
/// under way wait for the next one, and a writer records them together: one transaction takes every lock,
/// one round trip reads their idempotency records and identity-index entries, one commit stores all their
/// events, documents and outgoing messages. Every referral still gets exactly the answer it would get alone,
/// and the answer is given only after its commit.
/// <list type="bullet">
/// <item>Two referrals in one batch never touch the same idempotency key or the same person: the later one
/// waits for the next batch, so it sees the earlier one committed (a replay, or one more referral of her).</item>
/// <item>A batch that fails for a reason other than an unreachable database is retried one referral at a
/// time, so one bad referral never fails the others; nothing of the failed batch is stored.</item>
/// <item>At one request at a time the batch holds one referral and no time is spent waiting to fill it.</item>
/// </list>
/// </summary>
public sealed class ReferralIntake(
    IServiceProvider services, IdentityKey identityKey, RegionOptions region, ReferralIntakeSettings settings,
    ILogger<ReferralIntake> logger) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();

    /// <summary>A validated referral from <paramref name="PartnerId"/>, received at <paramref name="Now"/>.</summary>
    /// <param name="Sandbox">From a sandbox credential: answered like any referral, but nobody is registered and nothing is published.</param>
    public sealed record Submission(Guid PartnerId, string IdempotencyRecordId, string Fingerprint, PersonDetails Person, DateTimeOffset Now,
        string? CaseReference = null, bool Sandbox = false);

    public abstract record Outcome;

    /// <summary>Recorded now.</summary>
    public sealed record Accepted(ReferralReceipt Receipt) : Outcome;

    /// <summary>The key was used before for the same body: the stored answer.</summary>
    public sealed record Replayed(IdempotencyRecord Record) : Outcome;

    /// <summary>The key was used before for another body.</summary>
    public sealed record KeyReused : Outcome;

    /// <summary>The service is stopping: nothing was stored.</summary>
    public sealed record Stopping : Outcome;

    public Task<Outcome> SubmitAsync(Submission submission)
    {
        var pending = new Pending(submission, identityKey.Of(submission.Person.Number));
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : Task.FromResult<Outcome>(new Stopping());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Enumerable.Range(0, settings.Writers).Select(_ => Task.Run(() => WriteLoopAsync(stoppingToken), CancellationToken.None)));
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetResult(new Stopping());
        }
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        var deferred = new List<Pending>();
        while (true)
        {
            try
            {
                if (deferred.Count == 0 && !await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                foreach (var p in deferred)
                {
                    p.Done.TrySetResult(new Stopping());
                }

                return;
            }

            var candidates = new List<Pending>(deferred);
            while (candidates.Count < settings.MaxBatch && _queue.Reader.TryRead(out var next))
            {
                candidates.Add(next);
            }

            var (batch, later) = Partition(candidates, p => p.LockKeys);
            deferred = later;
            if (batch.Count == 0)
            {
                continue; // another writer took what was there
            }

            // An in-flight batch finishes even when the host is stopping: its requests are waiting for the answer.
            await WriteAsync(batch);
        }
    }

    /// <summary>
    /// The candidates that can share one commit, in arrival order, and those that must wait for the next: a
    /// candidate waits when one of its keys (idempotency key, person) belongs to an earlier candidate.
    /// </summary>
    public static (List<T> Batch, List<T> Later) Partition<T>(IEnumerable<T> candidates, Func<T, IReadOnlyCollection<string>> keysOf)
    {
        var batch = new List<T>();
        var later = new List<T>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var keys = keysOf(candidate);
            if (keys.Any(taken.Contains))
            {
                later.Add(candidate);
                taken.UnionWith(keys); // what follows it on the same key waits too: this writer keeps their order
                continue;
            }

            taken.UnionWith(keys);
            batch.Add(candidate);
        }

        return (batch, later);
    }

    private async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        try
        {
            var outcomes = await CommitAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e) when (batch.Count > 1 && !NeemMessaging.IsTransientDatabaseFault(e))
        {
            // Type only: a driver's message can quote a parameter value.
            logger.LogWarning("A batch of {Count} referrals failed with {ExceptionType}; recording them one at a time.", batch.Count,
                e.GetType().FullName);
            foreach (var p in batch)
            {
                await WriteAsync([p]);
            }
        }
        catch (Exception e)
        {
            foreach (var p in batch)
            {
                p.Done.TrySetException(e);
            }
        }
    }

    private async Task<Outcome[]> CommitAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = services.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        await using var session = scope.ServiceProvider.GetRequiredService<OutboxedSessionFactory>().OpenSession(bus);
        var ct = CancellationToken.None;

        await session.LockAsync(batch.SelectMany(p => p.LockKeys).ToList(), ct);
        var lookups = session.CreateBatchQuery();
        var storedAnswers = lookups.LoadMany<IdempotencyRecord>().ById(batch.Select(p => p.Submission.IdempotencyRecordId).ToArray());
        var knownPeople = lookups.LoadMany<IdentityIndex>().ById(batch.Select(p => p.PersonHash).ToArray());
        await lookups.Execute(ct);
        var answers = (await storedAnswers).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var people = (await knownPeople).ToDictionary(i => i.Id, StringComparer.Ordinal);

        var outcomes = new Outcome[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (partnerId, recordId, fingerprint, person, now, caseReference, sandbox) = batch[i].Submission;
            if (answers.TryGetValue(recordId, out var stored))
            {
                outcomes[i] = stored.RequestFingerprint == fingerprint ? new Replayed(stored) : new KeyReused();
                continue;
            }

            var referralId = Guid.CreateVersion7(now);
            var participantId = Guid.Empty;
            if (!sandbox)
            {
                var received = await Intake.ReceiveAsync(session, bus, batch[i].PersonHash, people.GetValueOrDefault(batch[i].PersonHash), person,
                    Vocabulary.PartnerReferral, partnerId, referralId, region.Region, $"partner:{partnerId}", now, ct);
                participantId = received.Participant.Id;
            }

            session.Insert(new Referral
            {
                Id = referralId,
                PartnerId = partnerId,
                ParticipantId = participantId,
                ReceivedAt = now,
                CaseReference = caseReference
            });
            var receipt = new ReferralReceipt(referralId, ReferralProgress.Received, now, caseReference);
            session.Insert(new IdempotencyRecord
            {
                Id = recordId,
                PartnerId = partnerId,
                RequestFingerprint = fingerprint,
                StatusCode = StatusCodes.Status201Created,
                Receipt = receipt,
                CreatedAt = now
            });
            outcomes[i] = new Accepted(receipt);
        }

        await session.SaveChangesAsync(ct);
        return outcomes;
    }

    private sealed class Pending(Submission submission, string personHash)
    {
        public Submission Submission { get; } = submission;
        public string PersonHash { get; } = personHash;
        public string[] LockKeys { get; } = ["idempotency:" + submission.IdempotencyRecordId, Intake.PersonLockKey(personHash)];
        public TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
