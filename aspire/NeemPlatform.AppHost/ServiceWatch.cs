using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NeemPlatform.AppHost;

/// <summary>
/// A service that dies under the AppHost is noticed: when one of its projects exits with a failure (a crash, a kill, out of
/// memory) while the AppHost is not stopping, the AppHost says so in its log, headless or not, and starts it again. A project
/// stopped on purpose (exit code 0, or the dashboard's Stop) stays stopped.
/// </summary>
internal sealed class ServiceWatch(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    DistributedApplicationModel model,
    IHostApplicationLifetime lifetime,
    ILogger<ServiceWatch> logger) : BackgroundService
{
    public static void AddTo(IDistributedApplicationBuilder builder) => builder.Services.AddHostedService<ServiceWatch>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var projects = model.Resources.OfType<ProjectResource>().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var starting = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var e in notifications.WatchAsync(stoppingToken))
            {
                if (!projects.Contains(e.Resource.Name))
                {
                    continue;
                }

                var state = e.Snapshot.State?.Text;
                if (state == KnownResourceStates.Running)
                {
                    starting.Remove(e.ResourceId);
                    continue;
                }

                if ((state != KnownResourceStates.Exited && state != KnownResourceStates.Finished) || e.Snapshot.ExitCode is null or 0
                    || lifetime.ApplicationStopping.IsCancellationRequested || !starting.Add(e.ResourceId))
                {
                    continue;
                }

                logger.LogError("The {Service} service stopped (exit code {ExitCode}); the AppHost starts it again.", e.Resource.Name,
                    e.Snapshot.ExitCode);
                var result = await commands.ExecuteCommandAsync(e.ResourceId, KnownResourceCommands.StartCommand, stoppingToken);
                if (!result.Success)
                {
                    starting.Remove(e.ResourceId);
                    logger.LogError("The {Service} service could not be started again: {Error}", e.Resource.Name, result.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }
}
