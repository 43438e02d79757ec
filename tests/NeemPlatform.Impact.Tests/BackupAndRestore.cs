using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;
using Npgsql;

namespace NeemPlatform.Impact.Tests;

public sealed class BackedUpRegion : ServiceFixture<Program>
{
    public override string Service => "impact";
}

/// <summary>
/// A region's database dumped with pg_dump, restored with pg_restore into a new database, and the service started on it: the
/// indicators are the original's, and a replay of the restored history rebuilds the same states as its live projection.
/// </summary>
public class a_region_backed_up_and_restored(BackedUpRegion original) : IClassFixture<BackedUpRegion>
{
    private static async Task<string> RunAsync(string tool, string connectionString, params string[] arguments)
    {
        var path = TestPostgres.Tool(tool) ?? throw new InvalidOperationException($"{tool} is not installed (apt-get install -y postgresql).");
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true };
        // A server that asks for a password (NEEM_TEST_POSTGRES) gets it from the environment, never from the command line.
        if (new NpgsqlConnectionStringBuilder(connectionString).Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool}: {await error}");
        return output;
    }

    private static string[] Connection(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        return ["--host", c.Host!, "--port", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", c.Username!, "--dbname", c.Database!];
    }

    [Fact]
    public async Task the_restored_region_shows_the_same_indicators_and_its_replay_equals_its_live_projection()
    {
        var at = DateTimeOffset.UtcNow;
        var on = new DateOnly(2026, 2, 1);
        var group = Guid.NewGuid();
        for (var i = 0; i < 6; i++)
        {
            var id = Guid.NewGuid();
            await original.ThroughQueuesAsync(new ParticipantReferred(Guid.NewGuid(), id, "stockholm", Guid.NewGuid(), null, "self-referral", true, on,
                i % 2 == 0 ? "female" : "male", true, "30-39", "newly-arrived", "self-referral", at));
            await original.ThroughQueuesAsync(new ParticipantSelected(Guid.NewGuid(), id, "stockholm", on, at, "female", true, "30-39", "newly-arrived", "self-referral"));
            await original.ThroughQueuesAsync(new ParticipantAssignedToNetworkGroup(Guid.NewGuid(), id, "stockholm", group, on, i % 2 == 0 ? "female" : "male",
                true, "30-39", "newly-arrived", "self-referral", at));
            if (i < 4)
            {
                await original.ThroughQueuesAsync(new ParticipantLeftProgramme(Guid.NewGuid(), id, "stockholm",
                    i < 2 ? ProgrammeOutcomes.Employment : ProgrammeOutcomes.NoNextStep, on.AddDays(90), at));
            }
        }

        var manager = original.StaffClient("region-manager");
        var before = await manager.GetStringAsync("/api/indicators");
        var mobilised = JsonDocument.Parse(before).RootElement.GetProperty("regions")[0].GetProperty("indicators").EnumerateArray()
            .Single(i => i.GetProperty("key").GetString() == "participants-in-network-groups");
        Assert.Equal(6, mobilised.GetProperty("value").GetInt32());

        var dump = Path.Combine(Path.GetTempPath(), $"neem-backup-{Guid.NewGuid():N}.dump");
        var restoredDatabase = await TestPostgres.CreateDatabaseAsync("restored");
        var restored = new BackedUpRegion();
        try
        {
            await RunAsync("pg_dump", original.ConnectionString, [.. Connection(original.ConnectionString), "--format=custom", "--file", dump]);
            await RunAsync("pg_restore", restoredDatabase, [.. Connection(restoredDatabase), "--no-owner", "--exit-on-error", dump]);
            await restored.StartOnAsync(restoredDatabase);

            var after = await restored.StaffClient("region-manager").GetStringAsync("/api/indicators");
            Assert.Equal(before, after);

            var researcher = restored.StaffClient("researcher");
            var started = await researcher.PostAsJsonAsync("/api/replays", new { });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            var location = started.Headers.Location!.ToString();
            JsonElement run;
            var waited = Stopwatch.StartNew();
            do
            {
                await Task.Delay(100);
                run = await researcher.GetFromJsonAsync<JsonElement>(location);
            } while (run.GetProperty("status").GetString() == "running" && waited.Elapsed < TimeSpan.FromSeconds(60));

            Assert.Equal("completed", run.GetProperty("status").GetString());
            Assert.True(run.GetProperty("result").GetProperty("matchesLive").GetBoolean());
            Assert.Equal(6, run.GetProperty("result").GetProperty("participants").GetInt32());
        }
        finally
        {
            await restored.DisposeAsync();
            File.Delete(dump);
        }
    }
}
