using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace NeemPlatform.TestSupport;

/// <summary>
/// Publishes a contract through the real PostgreSQL transport (the service's own routing decides the
/// queues) and waits until the service has handled every copy that reached its own queue, by reading
/// its durable inbox. Copies routed to other services' queues stay there for the test to inspect.
/// </summary>
public static class Deliver
{
    public static async Task ThroughQueuesAsync<TProgram>(this ServiceFixture<TProgram> service, object message, int times = 1)
        where TProgram : class
    {
        var identity = MessageIdentity(message.GetType());
        var before = await HandledAsync(service, identity);
        for (var i = 0; i < times; i++)
        {
            using var scope = service.Host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(message);
        }

        await Eventually.ReturnsAsync(() => HandledAsync(service, identity).ContinueWith(t => (long?)t.Result),
            handled => handled >= before + times, TimeSpan.FromSeconds(60), $"{times} × {identity} handled by {service.Service}");
    }

    /// <summary>Inbox envelopes of this type that are done: handled, or moved to the dead-letter table.</summary>
    private static Task<long> HandledAsync<TProgram>(ServiceFixture<TProgram> service, string identity) where TProgram : class =>
        TransportTables.CountAsync(service.ConnectionString,
            $"select (select count(*) from {service.Service}.wolverine_incoming_envelopes where message_type = '{identity}' and status = 'Handled')" +
            $" + (select count(*) from {service.Service}.wolverine_dead_letters where message_type = '{identity}')");

    public static string MessageIdentity(Type type) =>
        type.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "MessageIdentityAttribute")
            .Select(a => a.ConstructorArguments[0].Value as string)
            .FirstOrDefault() ?? type.FullName!;
}
