using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.Contracts;
using Wolverine;

namespace NeemPlatform.Participant.Tests;

/// <summary>The Participant service with its queue polled only every 5 s: what arrives sooner was woken by a notification.</summary>
public sealed class SlowPollingParticipantService : MessagingParticipantService
{
    public const int PollingMilliseconds = 5_000;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Neem:Messaging:PollingMilliseconds"] = PollingMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
    };

    /// <summary>Sends <paramref name="message"/> the way another service does: onto this service's PostgreSQL queue.</summary>
    public async Task SendAsync(object message)
    {
        using var scope = Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(message);
    }
}

/// <summary>A message on a service's queue wakes its listener (PostgreSQL LISTEN/NOTIFY): the hop does not wait for the next poll.</summary>
public class when_another_service_sends_a_message(SlowPollingParticipantService service) : IClassFixture<SlowPollingParticipantService>
{
    private readonly HttpClient _staff = service.StaffClient();

    [Fact]
    public async Task it_is_handled_long_before_the_queue_would_next_be_polled()
    {
        var person = People.Referral();
        person["email"] = $"w{Guid.NewGuid():N}"[..12] + "@example.se";
        var id = (await (await _staff.PostAsJsonAsync("/api/participants", new { source = "walk-in", person })).JsonAsync()).GetProperty("participantId").GetGuid();
        var loan = Guid.NewGuid();

        // Four messages, each waited for: by polling alone each would take 0–5 s, and all four under 2 s would happen by chance
        // once in 40 runs; woken by a notification each takes milliseconds.
        var took = new List<TimeSpan>();
        for (var instalment = 1; instalment <= 4; instalment++)
        {
            var clock = Stopwatch.StartNew();
            await service.SendAsync(new RepaymentReminderDue(Guid.NewGuid(), loan, id, "stockholm", instalment, "before-3", new DateOnly(2026, 12, 31),
                1_000m, DateTimeOffset.UtcNow));
            while (await SentAsync(id) < instalment)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(2 * SlowPollingParticipantService.PollingMilliseconds),
                    $"reminder {instalment} was not handled within two polling intervals");
                await Task.Delay(20);
            }

            took.Add(clock.Elapsed);
        }

        Assert.All(took, t => Assert.True(t < TimeSpan.FromSeconds(2), $"handled after {t.TotalMilliseconds:0} ms: {string.Join(", ", took.Select(x => $"{x.TotalMilliseconds:0} ms"))}"));
    }

    private async Task<int> SentAsync(Guid participant) =>
        (await _staff.GetFromJsonAsync<JsonElement>($"/api/participants/{participant}/messages")).GetProperty("messages").GetArrayLength();
}
