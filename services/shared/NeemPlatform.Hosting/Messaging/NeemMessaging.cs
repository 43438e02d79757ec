using JasperFx.CodeGeneration;
using NeemPlatform.Contracts;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;

namespace NeemPlatform.Hosting;

/// <summary>
/// Wolverine over the PostgreSQL transport: the service's durable inbox and outbox, its queue, the routes of the messages it
/// publishes, and what is retried.
/// </summary>
public static class NeemMessaging
{
    public static WebApplicationBuilder AddNeemMessaging(this WebApplicationBuilder builder, NeemService service)
    {
        builder.Host.UseWolverine(opts =>
        {
            opts.ServiceName = service.Name;
            opts.ApplicationAssembly = service.Assembly;
            // Outside Development the handlers' and endpoints' code is the code generated ahead of time and compiled in
            // (Internal/Generated, written by .ci/codegen): no Roslyn at start-up. In Development (tests, local runs) it is
            // generated at start, so a changed handler needs no step; a test fails when the committed code is stale.
            // Neem:CodeGeneration:TypeLoadMode (Dynamic or Static) overrides the choice: the start-up benchmark compares the two.
            var typeLoad = builder.Configuration.GetValue<TypeLoadMode?>(GeneratedCode.TypeLoadModeSetting);
            if (typeLoad is TypeLoadMode.Dynamic || (typeLoad is null && builder.Environment.IsDevelopment()))
            {
                opts.UseRuntimeCompilation();
                opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
            }
            else
            {
                opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            }

            if (builder.Configuration[GeneratedCode.OutputPathSetting] is { Length: > 0 } generatedPath)
            {
                opts.CodeGeneration.GeneratedCodeOutputPath = generatedPath;
            }
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            opts.Policies.UseDurableInboxOnAllListeners();
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(500);

            // Lost races (optimistic concurrency, two handlers starting one stream, a duplicate insert) are
            // retried: the retry sees the winner's state and the handler's own idempotency check makes it a
            // no-op or applies it on top. Transient database faults are retried for minutes, then scheduled.
            opts.OnException(IsLostRace)
                .RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250))
                .Then.ScheduleRetry(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
            opts.OnException(IsTransientDatabaseFault)
                .RetryWithCooldown(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))
                .Then.ScheduleRetry(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1),
                    TimeSpan.FromMinutes(5));

            // A message sent to a service's queue wakes its listener at once (PostgreSQL LISTEN/NOTIFY, one connection per
            // process); polling stays as the fallback that finds what a lost notification left. Without notifications the
            // queue is polled every 50 ms, the hop's latency then.
            var notifications = builder.Configuration.GetValue("Neem:Messaging:QueueNotifications", true);
            opts.Transports.GetOrCreate<Wolverine.Postgresql.Transport.PostgresqlTransport>().EnableQueueNotifications = notifications;
            var polling = builder.Configuration.GetValue("Neem:Messaging:PollingMilliseconds", notifications ? 500 : 50);
            opts.ListenToPostgresqlQueue(service.Queue)
                .PollingInterval(TimeSpan.FromMilliseconds(Math.Clamp(polling, 10, 5_000)))
                .MaximumMessagesToReceive(100);

            foreach (var (messageType, queues) in Queues.Routes)
            {
                foreach (var queue in queues)
                {
                    opts.PublishMessage(messageType).ToPostgresqlQueue(queue);
                }
            }
        });
        return builder;
    }

    /// <summary>A concurrent writer won: the message is still valid and must be tried again.</summary>
    public static bool IsLostRace(Exception exception) => exception switch
    {
        JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
            or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException
            or JasperFx.DocumentAlreadyExistsException => true,
        PostgresException pg => pg.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected,
        _ => exception.InnerException is { } inner && IsLostRace(inner)
    };

    /// <summary>The database is unreachable or restarting: nothing is wrong with the message.</summary>
    public static bool IsTransientDatabaseFault(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow
                                    or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.TooManyConnections,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsTransientDatabaseFault(inner)
    };
}
