using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Xunit.Abstractions;

namespace NeemPlatform.EndToEnd.Tests;

/// <summary>
/// Starts the whole AppHost headless, as <c>dotnet run --project aspire/NeemPlatform.AppHost</c> does, with
/// PostgreSQL in local mode (the installed server binaries, no Docker) in a data directory of its own,
/// and walks a participant through all four services: every step crosses a service boundary over
/// Wolverine's PostgreSQL transport. A second start on the same data directory finds the first run's data.
/// </summary>
public class the_platform_end_to_end(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Services = ["participant", "coaching", "lending", "impact"];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"neem-e2e-{Guid.NewGuid():N}"[..20]);
    private readonly int _port = FreePort();

    private async Task<DistributedApplication> StartAsync()
    {
        var clock = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NeemPlatform_AppHost>(
        [
            "--Postgres:Mode=local",
            $"--Postgres:DataDirectory={_dataDirectory}",
            $"--Postgres:Port={_port}",
            "--Neem:Region=vasteras"
        ]);
        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await app.StartAsync(timeout.Token);
        foreach (var service in Services)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        output.WriteLine($"AppHost start to four healthy services: {clock.Elapsed.TotalSeconds:0.0} s");
        return app;
    }

    [Fact]
    public async Task a_participant_crosses_all_four_services_and_a_restart_keeps_the_data()
    {
        var id = Guid.NewGuid();
        await using (var app = await StartAsync())
        {
            var participant = app.CreateHttpClient("participant");
            var coaching = app.CreateHttpClient("coaching");
            var lending = app.CreateHttpClient("lending");
            var impact = app.CreateHttpClient("impact");

            foreach (var service in Services)
            {
                var info = await app.CreateHttpClient(service).GetFromJsonAsync<JsonElement>("/api/info");
                Assert.Equal("vasteras", info.GetProperty("region").GetString());
            }

            Assert.Equal(HttpStatusCode.Created, (await participant.PostAsJsonAsync("/api/participants", new
            {
                participantId = id, source = "information-workshop", targetGroup = "job-guarantee-phase-1",
                gender = "female", foreignBackground = true, registeredOn = "2026-01-10"
            })).StatusCode);

            var crossing = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK,
                (await participant.PostAsJsonAsync($"/api/participants/{id}/selection", new { selectedOn = "2026-02-01" })).StatusCode);
            var enrolment = await Until(coaching, $"/api/enrolments/{id}", e => e.GetProperty("status").GetString() == "enrolled");
            output.WriteLine($"Participant -> Coaching (ParticipantSelected): {crossing.ElapsedMilliseconds} ms");
            Assert.Equal("2026-02-01", enrolment.GetProperty("enrolledOn").GetString());

            Assert.Equal(HttpStatusCode.OK, (await coaching.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval",
                new { financingNeedSek = 85000.55m, expectedMonthlySurplusSek = 4200m, approvedOn = "2026-05-01" })).StatusCode);
            var file = await Until(lending, $"/api/credit-files/{id}", _ => true);
            Assert.Equal(85000.55m, file.GetProperty("financingLimitSek").GetDecimal());

            Assert.Equal(HttpStatusCode.OK, (await participant.PostAsJsonAsync($"/api/participants/{id}/leaving",
                new { outcome = "started-company", leftOn = "2026-08-31" })).StatusCode);
            var followedUp = await Until(participant, $"/api/participants/{id}",
                p => p.GetProperty("followUpDueOn").ValueKind == JsonValueKind.String);
            Assert.Equal("2027-02-28", followedUp.GetProperty("followUpDueOn").GetString());

            var history = await Until(impact, $"/api/mis/participants/{id}", h => h.GetProperty("summary").GetProperty("entries").GetInt32() == 5);

            // A second participant: the hop once code generation and connections are warm.
            var second = Guid.NewGuid();
            await participant.PostAsJsonAsync("/api/participants", new
            {
                participantId = second, source = "walk-in", targetGroup = "newly-arrived", registeredOn = "2026-01-10"
            });
            var warm = Stopwatch.StartNew();
            await participant.PostAsJsonAsync($"/api/participants/{second}/selection", new { selectedOn = "2026-02-01" });
            await Until(coaching, $"/api/enrolments/{second}", _ => true);
            output.WriteLine($"Participant -> Coaching, warm: {warm.ElapsedMilliseconds} ms");
            Assert.Equal("vasteras", history.GetProperty("summary").GetProperty("region").GetString());
            Assert.Equal(85000.55m, history.GetProperty("summary").GetProperty("creditLimitSek").GetDecimal());
        }

        await using (var again = await StartAsync())
        {
            var stored = await again.CreateHttpClient("participant").GetFromJsonAsync<JsonElement>($"/api/participants/{id}");
            Assert.Equal("left", stored.GetProperty("status").GetString());
            var history = await again.CreateHttpClient("impact").GetFromJsonAsync<JsonElement>($"/api/mis/participants/{id}");
            Assert.Equal(5, history.GetProperty("summary").GetProperty("entries").GetInt32());
        }
    }

    private static async Task<JsonElement> Until(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (done(body))
                {
                    return body;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{client.BaseAddress}{path} did not reach the expected state within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
