namespace NeemPlatform.Hosting;

/// <summary>
/// Holds the start of Marten and Wolverine until PostgreSQL answers, instead of letting the process crash
/// when the database is down at start-up. It runs in the hosts's "starting" phase, before any hosted
/// service starts. While it waits, a small stand-in listens on the service's own URLs: <c>/alive</c>
/// answers 200, <c>/health</c> 503 with the database unhealthy, everything else a 503 problem+json. When
/// the database answers, the stand-in steps aside and the service starts normally: no restart needed.
/// </summary>
internal sealed class DatabaseStartupGate(
    NpgsqlDataSource dataSource,
    IConfiguration configuration,
    NeemServiceInfo service,
    RegionOptions region,
    ILogger<DatabaseStartupGate> logger,
    TimeProvider time) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (await AnswersAsync(cancellationToken) is null)
        {
            return;
        }

        WebApplication? standIn = null;
        try
        {
            standIn = await StartStandInAsync(cancellationToken);
            var delay = TimeSpan.FromMilliseconds(250);
            var attempt = 1;
            while (await AnswersAsync(cancellationToken) is { } reason)
            {
                if (attempt++ % 20 == 1)
                {
                    logger.LogWarning("PostgreSQL does not answer ({Reason}); the service waits for it", reason);
                }

                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
            }

            logger.LogInformation("PostgreSQL answers after {Attempts} attempts: starting", attempt);
        }
        finally
        {
            if (standIn is not null)
            {
                await standIn.StopAsync(CancellationToken.None);
                await standIn.DisposeAsync();
            }
        }
    }

    /// <summary>Null when the database answers, else the kind of failure.</summary>
    private async Task<string?> AnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (NeemMessaging.IsTransientDatabaseFault(ex) && !cancellationToken.IsCancellationRequested)
        {
            return ex.GetType().Name;
        }
    }

    private async Task<WebApplication?> StartStandInAsync(CancellationToken cancellationToken)
    {
        var urls = configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            return null; // in-process test servers have no URLs of their own
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/alive", () => Results.Ok());
        app.MapGet("/health", () => Results.Json(new
        {
            status = "Unhealthy",
            service = service.Name,
            region = region.Region,
            checks = new { postgres = new { status = "Unhealthy", description = "PostgreSQL does not answer; the service starts when it does." } }
        }, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapFallback(() => Results.Problem(Problems.DatabaseUnavailable()));
        await app.StartAsync(cancellationToken);
        return app;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
