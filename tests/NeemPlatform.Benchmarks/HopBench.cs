extern alias coaching;
extern alias participant;
using System.Diagnostics;
using System.Globalization;
using Alba;
using NeemPlatform.TestSupport;
using Npgsql;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// The Participant → Coaching hop with the queue's listener woken by PostgreSQL's LISTEN/NOTIFY (polling every 500 ms as the
/// fallback, the default) against polling alone every 50 ms (the earlier default), alternating, three rounds each (the median counts) on a database
/// of its own: the hop's latency, then 10 s of idle with both services up, the database's transactions and this process's CPU
/// per second (what polling costs while nothing happens).
/// </summary>
internal static class HopBench
{
    private static readonly (string Name, Dictionary<string, string> Settings)[] Modes =
    [
        ("polling every 50 ms", new() { ["Neem:Messaging:QueueNotifications"] = "false", ["Neem:Messaging:PollingMilliseconds"] = "50" }),
        ("LISTEN/NOTIFY, polling every 500 ms", new() { ["Neem:Messaging:QueueNotifications"] = "true", ["Neem:Messaging:PollingMilliseconds"] = "500" }),
    ];

    public static async Task<IReadOnlyList<Result>> RunAsync()
    {
        var measured = Modes.ToDictionary(m => m.Name, _ => (Hops: new List<double>(), Transactions: new List<double>(), Cpu: new List<double>()));
        var serial = 500_000;
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, settings) in Modes)
            {
                var connectionString = await TestPostgres.CreateDatabaseAsync("benchhop");
                await using var dataSource = NpgsqlDataSource.Create(connectionString);
                var configure = InProcessServices.Configure(connectionString, settings);
                await using var participants = await AlbaHost.For<participant::Program>(configure);
                await using var coachingHost = await AlbaHost.For<coaching::Program>(configure);
                var hops = await HttpBench.CrossingsAsync(participants, dataSource, 40, () => InProcessServices.Number(Interlocked.Increment(ref serial)));

                await Task.Delay(TimeSpan.FromSeconds(10)); // what the hop left behind settles, and the JIT finishes its tiers
                var (transactions, cpu, seconds) = await IdleAsync(dataSource, TimeSpan.FromSeconds(10));
                var m = measured[name];
                m.Hops.AddRange(hops);
                m.Transactions.Add(transactions / seconds);
                m.Cpu.Add(cpu / seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"hop, {name}, round {round + 1}: p50/p99 {HttpBench.P(hops, 50)}/{HttpBench.P(hops, 99)} ms; idle {transactions / seconds:0.0} transactions/s, " +
                    $"CPU {cpu / seconds:0.0} ms/s"));
            }
        }

        var results = new List<Result>();
        var before = Modes[0].Name;
        foreach (var (name, _) in Modes)
        {
            var m = measured[name];
            double? baseline(Func<(List<double> Hops, List<double> Transactions, List<double> Cpu), double> of) => name == before ? null : of(measured[before]);
            results.Add(new Result($"hop Participant → Coaching, {name}, p50/p99 {HttpBench.P(m.Hops, 50)}/{HttpBench.P(m.Hops, 99)} ms",
                HttpBench.Percentile(m.Hops, 50), "ms (p50)", baseline(x => HttpBench.Percentile(x.Hops, 50)), 0));
            results.Add(new Result($"idle database transactions, two services, {name}", Median(m.Transactions), "tx/s",
                baseline(x => Median(x.Transactions)), 10));
            results.Add(new Result($"idle CPU of the process, two services, {name}", Median(m.Cpu), "ms/s", baseline(x => Median(x.Cpu)), 10));
        }

        return results;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The database's committed transactions and this process's CPU time in ms over <paramref name="window"/> of idle.</summary>
    private static async Task<(double Transactions, double CpuMs, double Seconds)> IdleAsync(NpgsqlDataSource dataSource, TimeSpan window)
    {
        async Task<long> CommitsAsync()
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            // Statistics reach the shared counters when a backend is idle for a while: ask for a fresh snapshot.
            await using var clear = new NpgsqlCommand("select pg_stat_clear_snapshot()", connection);
            await clear.ExecuteNonQueryAsync();
            await using var read = new NpgsqlCommand("select xact_commit from pg_stat_database where datname = current_database()", connection);
            return (long)(await read.ExecuteScalarAsync())!;
        }

        using var self = Process.GetCurrentProcess();
        var commits = await CommitsAsync();
        self.Refresh();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        self.Refresh();
        var cpuMs = (self.TotalProcessorTime - cpu).TotalMilliseconds;
        var seconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the backends' counters are flushed at most once a second
        return (await CommitsAsync() - commits - 1, cpuMs, seconds);
    }
}
