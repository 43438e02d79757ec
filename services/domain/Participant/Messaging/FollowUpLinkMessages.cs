namespace NeemPlatform.Participant.Messaging;

public sealed record SendFollowUpLinks(DateOnly AsOf);

public sealed record FollowUpLinkRun(DateOnly AsOf, int FollowUpsDue, int LinksSent);

/// <summary>
/// When a follow-up falls due (at exit, six and twelve months after she left) she is sent a one-time link to its questionnaire,
/// once per point: a follow-up already recorded, or already sent, is not sent again, however often the job runs.
/// </summary>
public static class FollowUpLinkMessages
{
    public static string KeyOf(Guid participantId, string point) => $"follow-up:{participantId}:{point}";

    /// <summary>Her follow-up points that are due by the date and not recorded (pure).</summary>
    public static IEnumerable<ScheduledFollowUp> Due(Participants.Participant p, DateOnly asOf) =>
        p.Erased || p.Status != ParticipantStatus.Exited
            ? []
            : (p.ScheduledFollowUps ?? []).Where(s => s.DueOn <= asOf && (p.FollowUps ?? []).All(f => f.Point != s.Point));

    public static async Task<FollowUpLinkRun> RunAsync(IDocumentSession session, IMessageBus bus, string region, DateOnly asOf,
        FollowUpLinkSettings links, MessageSettings messages, TimeProvider time, CancellationToken ct)
    {
        await session.LockAsync($"follow-up-links:{region}", ct);
        var due = await session.Query<Participants.Participant>()
            .Where(p => p.Region == region && p.Status == ParticipantStatus.Exited && p.FollowUpDueOn != null && p.FollowUpDueOn <= asOf)
            .ToListAsync(ct);
        var (points, sent) = (0, 0);
        foreach (var participant in due)
        {
            foreach (var followUp in Due(participant, asOf))
            {
                points++;
                var key = KeyOf(participant.Id, followUp.Point);
                if (await session.LoadAsync<OutgoingMessage>(key, ct) is not null)
                {
                    continue;
                }

                var now = time.GetUtcNow();
                var link = await FollowUpLinks.IssueAsync(session, participant, followUp.Point, "follow-up-job", links, now, ct);
                if (await Messages.QueueOnceAsync(session, bus, participant.Id, key, $"follow-up-link-{followUp.Point}",
                        (language, firstName) => MessageTexts.FollowUpLink(language, firstName, messages.PortalUrl + link.Path, link.ExpiresAt), now, ct))
                {
                    sent++;
                }
            }
        }

        return new FollowUpLinkRun(asOf, points, sent);
    }

    [WolverinePost("/api/follow-ups/link-runs", Name = "SendFollowUpLinks")]
    [Authorize(Policy = NeemPolicies.RegionManagement)]
    [EndpointSummary("Send each participant whose follow-up fell due by a date, and is not recorded, a one-time link to its questionnaire (once per follow-up; the daily job does this too)")]
    [ProducesResponseType<FollowUpLinkRun>(StatusCodes.Status200OK)]
    public static async Task<IResult> Run(SendFollowUpLinks command, RegionOptions region, IDocumentSession session, IMessageBus bus,
        FollowUpLinkSettings links, MessageSettings messages, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Date(command.AsOf, "asOf");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        return TypedResults.Ok(await RunAsync(session, bus, region.Region, command.AsOf, links, messages, time, ct));
    }
}

/// <summary>The daily run as a Wolverine command: links, messages and their sending commit together.</summary>
public sealed record RunDailyFollowUpLinks(string Region, DateOnly AsOf);

public static class RunDailyFollowUpLinksHandler
{
    public static Task<FollowUpLinkRun> Handle(RunDailyFollowUpLinks command, IDocumentSession session, IMessageContext bus, FollowUpLinkSettings links,
        MessageSettings messages, TimeProvider time, CancellationToken ct) =>
        FollowUpLinkMessages.RunAsync(session, bus, command.Region, command.AsOf, links, messages, time, ct);
}

/// <summary>Sends the follow-up links due once a day (<c>Neem:Messages:DailyHourUtc</c>, default 7: the morning in Sweden).</summary>
public sealed class DailyFollowUpLinks(IServiceProvider services, TimeProvider time, RegionOptions region, IConfiguration configuration,
    ILogger<DailyFollowUpLinks> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hour = Math.Clamp(configuration.GetValue("Neem:Messages:DailyHourUtc", 7), 0, 23);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(now.UtcDateTime.Date.AddHours(hour), TimeSpan.Zero);
            await Task.Delay((next <= now ? next.AddDays(1) : next) - now, time, stoppingToken);
            try
            {
                await using var scope = services.CreateAsyncScope();
                var run = await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<FollowUpLinkRun>(
                    new RunDailyFollowUpLinks(region.Region, SwedishTime.DateOf(time.GetUtcNow())), stoppingToken);
                logger.LogInformation("Follow-up links: {Due} due, {Sent} sent", run.FollowUpsDue, run.LinksSent);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError("The daily follow-up links failed: {ExceptionType}", e.GetType().Name);
            }
        }
    }
}
