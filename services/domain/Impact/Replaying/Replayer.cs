using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using JasperFx;
using JasperFx.CommandLine;
using Weasel.Core;

namespace NeemPlatform.Impact.Replaying;

public sealed record ReplayProgress(long Events, long Total, double EventsPerSecond);

public sealed record ReplayResult(
    long Events, int Participants, double Seconds, double EventsPerSecond, bool MatchesLive, int Differences, string? TargetSchema,
    IndicatorReport Indicators);

/// <summary>
/// Replays the MIS history: reads every entry in the order it was recorded, folds it with the live projection's
/// own functions, rebuilds every indicator, and compares the states with the live projection. With a target
/// schema it writes the rebuilt states there, so a new indicator definition can be tried without touching the
/// live one.
/// </summary>
public sealed partial class Replayer(NpgsqlDataSource db, IDocumentStore store, Targets targets, TimeProvider time)
{
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,40}$")]
    private static partial Regex SchemaPattern();

    public static bool IsValidTarget(string? schema) =>
        schema is null || (SchemaPattern().IsMatch(schema) && schema is not ("impact" or "participant" or "coaching" or "lending" or "neem_queues" or "public"));

    public async Task<ReplayResult> RunAsync(string? targetSchema, IProgress<ReplayProgress>? progress, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var clock = Stopwatch.StartNew();
        await using var connection = await db.OpenConnectionAsync(ct);
        long total;
        await using (var count = new NpgsqlCommand($"select count(*) from {schema}.mt_events", connection))
        {
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        // Every row in order, its data handed over as UTF-8 and deserialised once (no string in between).
        var states = new Dictionary<Guid, MisParticipant>();
        long done = 0;
        await using (var read = new NpgsqlCommand($"select type, data from {schema}.mt_events order by seq_id", connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var (alias, data) = MisEventRows.Row(reader, 0);
                if (MisEventRows.Read(alias, data) is { } entry)
                {
                    states[entry.ParticipantId] = MisFold.Apply(states.GetValueOrDefault(entry.ParticipantId), entry);
                }

                if (++done % 50_000 == 0)
                {
                    progress?.Report(new ReplayProgress(done, total, done / clock.Elapsed.TotalSeconds));
                }
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        progress?.Report(new ReplayProgress(done, total, done / seconds));

        await using var session = store.QuerySession();
        var live = (await session.Query<MisParticipant>().ToListAsync(ct)).ToDictionary(p => p.Id);
        var differences = states.Count(s => !live.TryGetValue(s.Key, out var l) || !Same(l, s.Value)) + live.Keys.Count(k => !states.ContainsKey(k));
        if (targetSchema is not null)
        {
            await WriteAsync(targetSchema, states.Values, ct);
        }

        var report = MisHistory.Report(states.Values.ToList(), targets, SwedishTime.DateOf(time.GetUtcNow()), null);
        return new ReplayResult(done, states.Count, seconds, done / Math.Max(seconds, 1e-9), differences == 0, differences, targetSchema, report);
    }

    /// <summary>Equal in content: numbers by value (85000.5 = 85000.50), object members in any order.</summary>
    private static bool Same(MisParticipant a, MisParticipant b) =>
        JsonElement.DeepEquals(JsonSerializer.SerializeToElement(a), JsonSerializer.SerializeToElement(b));

    private async Task WriteAsync(string targetSchema, IEnumerable<MisParticipant> states, CancellationToken ct)
    {
        using var target = DocumentStore.For(o =>
        {
            o.Connection(db);
            o.DatabaseSchemaName = targetSchema;
            o.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            o.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            o.Schema.For<MisParticipant>();
        });
        await target.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(MisParticipant), ct);
        await target.BulkInsertAsync(states.ToList(), BulkInsertMode.OverwriteExisting, cancellation: ct);
    }
}

/// <summary>Replays started over the API, with their progress.</summary>
public sealed class ReplayRuns
{
    private readonly ConcurrentDictionary<Guid, ReplayRun> _runs = new();

    public ReplayRun Start(IServiceScopeFactory scopes, string? targetSchema)
    {
        var run = new ReplayRun(Guid.CreateVersion7(), targetSchema);
        _runs[run.Id] = run;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var replayer = scope.ServiceProvider.GetRequiredService<Replayer>();
                run.Result = await replayer.RunAsync(targetSchema, new Progress<ReplayProgress>(p => run.Progress = p), CancellationToken.None);
                run.Status = "completed";
            }
            catch (Exception e)
            {
                run.Status = "failed";
                run.Failure = e.GetType().Name;
            }
        });
        return run;
    }

    public ReplayRun? Find(Guid id) => _runs.GetValueOrDefault(id);
}

public sealed class ReplayRun(Guid id, string? targetSchema)
{
    public Guid Id { get; } = id;
    public string? TargetSchema { get; } = targetSchema;
    public string Status { get; set; } = "running";
    public ReplayProgress? Progress { get; set; }
    public ReplayResult? Result { get; set; }
    public string? Failure { get; set; }
}

public sealed record StartReplay(string? TargetSchema = null);

public static class ReplayEndpoints
{
    [WolverinePost("/api/replays", Name = "StartReplay")]
    [EndpointSummary("Rebuild every indicator from the history (optionally into a separate schema); follow it at the Location")]
    [ProducesResponseType<ReplayRun>(StatusCodes.Status202Accepted)]
    public static IResult Start(StartReplay command, ReplayRuns runs, IServiceScopeFactory scopes)
    {
        if (!Replayer.IsValidTarget(command.TargetSchema))
        {
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["targetSchema"] = ["A new schema name: lower-case letters, digits and '_', not a service's own schema."]
            });
        }

        var run = runs.Start(scopes, command.TargetSchema);
        return TypedResults.Accepted($"/api/replays/{run.Id}", run);
    }

    [WolverineGet("/api/replays/{replayId}", Name = "GetReplay")]
    [EndpointSummary("A replay's progress, and when done its indicators and whether they equal the live ones")]
    [ProducesResponseType<ReplayRun>(StatusCodes.Status200OK)]
    public static IResult Get(Guid replayId, ReplayRuns runs) =>
        runs.Find(replayId) is { } run ? TypedResults.Ok(run) : Problems.NotFound("replay", replayId);
}

public sealed class ReplayInput : NetCoreInput
{
    [Description("Write the rebuilt states into this schema instead of only comparing them")]
    [FlagAlias("schema")]
    public string? SchemaFlag { get; set; }
}

[Description("Replay the MIS history: rebuild every indicator, report progress, compare with the live projection", Name = "replay")]
public sealed class ReplayCommand : JasperFxAsyncCommand<ReplayInput>
{
    public override async Task<bool> Execute(ReplayInput input)
    {
        if (!Replayer.IsValidTarget(input.SchemaFlag))
        {
            Console.Error.WriteLine("--schema: lower-case letters, digits and '_', not a service's own schema.");
            return false;
        }

        using var host = input.BuildHost();
        await using var scope = host.Services.CreateAsyncScope();
        var replayer = scope.ServiceProvider.GetRequiredService<Replayer>();
        var result = await replayer.RunAsync(input.SchemaFlag,
            new Progress<ReplayProgress>(p => Console.WriteLine($"replayed {p.Events:N0} of {p.Total:N0} events ({p.EventsPerSecond:N0}/s)")),
            CancellationToken.None);
        Console.WriteLine($"{result.Events:N0} events, {result.Participants:N0} participants in {result.Seconds:0.00} s " +
                          $"({result.EventsPerSecond:N0} events/s); equals the live projection: {result.MatchesLive}");
        foreach (var indicator in result.Indicators.Total.Indicators)
        {
            Console.WriteLine($"  {indicator.Key,-32} {indicator.Value}");
        }

        return result.MatchesLive;
    }
}
