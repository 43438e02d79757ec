namespace NeemPlatform.Lending.Loans.Arrears;

/// <summary>
/// Stores the standing of loans whose snapshot was written before standings were kept, once at start-up: until then
/// the worklist and the portfolio read those loans whole. Each loan is re-stored under its stream's write lock, so an
/// event appended meanwhile is never overwritten by an older snapshot.
/// </summary>
public sealed class StandingBackfill(IServiceProvider services, RegionOptions region, ILogger<StandingBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
            await using var query = store.QuerySession();
            var missing = await query.Query<Loan>().Where(l => l.Region == region.Region && l.Standing == null).Select(l => l.Id)
                .ToListAsync(stoppingToken);
            foreach (var id in missing)
            {
                await using var session = store.LightweightSession();
                var stream = await session.Events.FetchForExclusiveWriting<Loan>(id, stoppingToken);
                if (stream.Aggregate is { } loan)
                {
                    session.Store(loan);
                    await session.SaveChangesAsync(stoppingToken);
                }
            }

            if (missing.Count > 0)
            {
                logger.LogInformation("Loan standings stored for {Loans} loans", missing.Count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Storing the loans' standings failed: {ExceptionType}", e.GetType().Name);
        }
    }
}
