using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// Each service started as a process (the benchmark's build, Release when run with -c Release), with its handler and
/// endpoint code generated and compiled at start (Wolverine's Dynamic mode, Development's default) against the code
/// generated ahead of time and compiled in (Static, the default outside Development), alternating, three starts each:
/// process start to /health 200, to the answer of a first request through a Wolverine endpoint, and the process's
/// resident memory then and after 5 s idle. The median counts; the Dynamic figure is the baseline of its Static one.
/// </summary>
internal static class StartupBench
{
    private static readonly (string Assembly, string Role, string Path)[] Services =
    [
        ("NeemPlatform.Participant", "advisor", "/api/participants?pageSize=1"),
        ("NeemPlatform.Coaching", "advisor", "/api/sessions"),
        ("NeemPlatform.Lending", "loan-officer", "/api/loan-products"),
        ("NeemPlatform.Impact", "region-manager", "/api/indicators")
    ];

    private sealed record Start(double HealthyMs, double FirstAnswerMs, double ResidentMiB, double IdleMiB, double LoadedMiB = 0, double LoadMs = 0);

    public static async Task<IReadOnlyList<Result>> RunAsync(int starts = 3)
    {
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json"))).RootElement;
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string Dll(string assembly) => Path.Combine(manifest.GetProperty($"{assembly}, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null").GetString()!,
            "bin", configuration, "net10.0", assembly + ".dll");

        var results = new List<Result>();
        foreach (var (assembly, role, path) in Services)
        {
            // One database per service, its schema created by a first start that is not counted.
            var connectionString = await TestPostgres.CreateDatabaseAsync("startup" + assembly[13..]);
            await StartOnceAsync(Dll(assembly), connectionString, "Static", role, path);
            var runs = new Dictionary<string, List<Start>> { ["Dynamic"] = [], ["Static"] = [] };
            for (var i = 0; i < starts; i++)
            {
                foreach (var mode in new[] { "Dynamic", "Static" })
                {
                    runs[mode].Add(await StartOnceAsync(Dll(assembly), connectionString, mode, role, path));
                }
            }

            static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
            var name = assembly["NeemPlatform.".Length..];
            var (dynamicRuns, staticRuns) = (runs["Dynamic"], runs["Static"]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"startup {name} ({configuration}): healthy dynamic {string.Join(" ", dynamicRuns.Select(r => $"{r.HealthyMs:0}"))} ms, static " +
                $"{string.Join(" ", staticRuns.Select(r => $"{r.HealthyMs:0}"))} ms; first answer dynamic {string.Join(" ", dynamicRuns.Select(r => $"{r.FirstAnswerMs:0}"))} ms, " +
                $"static {string.Join(" ", staticRuns.Select(r => $"{r.FirstAnswerMs:0}"))} ms"));
            results.Add(new Result($"start to /health 200: {name}, code ahead of time (vs generated at start)", Median(staticRuns.Select(r => r.HealthyMs)),
                "ms", Median(dynamicRuns.Select(r => r.HealthyMs)), 0));
            results.Add(new Result($"start to first answer: {name}, ahead of time (vs at start)", Median(staticRuns.Select(r => r.FirstAnswerMs)),
                "ms", Median(dynamicRuns.Select(r => r.FirstAnswerMs)), 0));
            results.Add(new Result($"memory after the first answer: {name}, ahead of time (vs at start)", Median(staticRuns.Select(r => r.ResidentMiB)),
                "MiB", Median(dynamicRuns.Select(r => r.ResidentMiB)), 0));
            results.Add(new Result($"memory idle 5 s later: {name}, ahead of time (vs at start)", Median(staticRuns.Select(r => r.IdleMiB)),
                "MiB", Median(dynamicRuns.Select(r => r.IdleMiB)), 0));
        }

        return results;
    }

    /// <summary>
    /// What the runtime offers, tried on the Participant service (code ahead of time, Release): its defaults (server GC, which
    /// adapts its heaps to the load with DATAS), the workstation GC, the server GC without DATAS, and tiered PGO off; three
    /// alternating starts each: start to /health 200, resident memory idle, then after 2 000 requests (8 at a time) and the
    /// time they took. The defaults are each variant's baseline.
    /// </summary>
    public static async Task<IReadOnlyList<Result>> RuntimeAsync(int starts = 3)
    {
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json"))).RootElement;
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var (assembly, role, path) = Services[0];
        var dll = Path.Combine(manifest.GetProperty($"{assembly}, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null").GetString()!,
            "bin", configuration, "net10.0", assembly + ".dll");
        (string Name, Dictionary<string, string> Environment)[] variants =
        [
            ("defaults (server GC with DATAS)", []),
            ("workstation GC", new() { ["DOTNET_gcServer"] = "0" }),
            ("server GC without DATAS", new() { ["DOTNET_GCDynamicAdaptationMode"] = "0" }),
            ("tiered PGO off", new() { ["DOTNET_TieredPGO"] = "0" }),
        ];
        var connectionString = await TestPostgres.CreateDatabaseAsync("startupruntime");
        await StartOnceAsync(dll, connectionString, "Static", role, path);
        var runs = variants.ToDictionary(v => v.Name, _ => new List<Start>());
        for (var i = 0; i < starts; i++)
        {
            foreach (var (name, environment) in variants)
            {
                runs[name].Add(await StartOnceAsync(dll, connectionString, "Static", role, path, environment, loadRequests: 2_000));
            }
        }

        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        var baseline = runs[variants[0].Name];
        var results = new List<Result>();
        foreach (var (name, _) in variants)
        {
            var r = runs[name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"runtime, Participant, {name}: healthy {string.Join(" ", r.Select(x => $"{x.HealthyMs:0}"))} ms; idle {string.Join(" ", r.Select(x => $"{x.IdleMiB:0}"))} MiB; " +
                $"after load {string.Join(" ", r.Select(x => $"{x.LoadedMiB:0}"))} MiB; load {string.Join(" ", r.Select(x => $"{x.LoadMs:0}"))} ms"));
            double? Of(Func<Start, double> measure) => name == variants[0].Name ? null : Median(baseline.Select(measure));
            results.Add(new Result($"Participant, {name}: start to /health 200", Median(r.Select(x => x.HealthyMs)), "ms", Of(x => x.HealthyMs), 0));
            results.Add(new Result($"Participant, {name}: resident idle", Median(r.Select(x => x.IdleMiB)), "MiB", Of(x => x.IdleMiB), 0));
            results.Add(new Result($"Participant, {name}: resident after 2 000 requests", Median(r.Select(x => x.LoadedMiB)), "MiB", Of(x => x.LoadedMiB), 0));
            results.Add(new Result($"Participant, {name}: 2 000 requests, 8 at a time", Median(r.Select(x => x.LoadMs)), "ms", Of(x => x.LoadMs), 0));
        }

        return results;
    }

    private static async Task<Start> StartOnceAsync(string dll, string connectionString, string mode, string role, string path,
        IReadOnlyDictionary<string, string>? runtime = null, int loadRequests = 0)
    {
        var port = FreePort();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll])
        {
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}", ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ConnectionStrings__neem"] = connectionString,
                ["Neem__Region"] = "stockholm", ["Neem__Auth__DevelopmentSigningKey"] = TestAuth.SigningKey, ["Neem__Auth__DevelopmentIssuer"] = "true",
                ["Neem__Participant__IdentityKey"] = TestAuth.IdentityKey, ["Neem__Lending__StatementKey"] = TestAuth.IdentityKey,
                ["Neem__Impact__FeedSecret"] = TestAuth.IdentityKey, ["Neem__CodeGeneration__TypeLoadMode"] = mode,
                ["Logging__LogLevel__Default"] = "Warning"
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true
        }.WithEnvironment(runtime))!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            while (true)
            {
                try
                {
                    if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(2) || process.HasExited)
                {
                    throw new TimeoutException($"{Path.GetFileName(dll)} ({mode}) did not become healthy.");
                }

                await Task.Delay(20);
            }

            var healthy = clock.Elapsed.TotalMilliseconds;
            http.DefaultRequestHeaders.Authorization = new("Bearer", TestAuth.TokenFor(role, "stockholm"));
            var answer = await http.GetAsync(path);
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} ({mode}) answered {(int)answer.StatusCode} to {path}.");
            }

            var first = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            var resident = process.WorkingSet64 / 1024.0 / 1024.0;
            await Task.Delay(TimeSpan.FromSeconds(5));
            process.Refresh();
            var idle = process.WorkingSet64 / 1024.0 / 1024.0;
            if (loadRequests == 0)
            {
                return new Start(healthy, first, resident, idle);
            }

            var load = Stopwatch.StartNew();
            var sent = 0;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (Interlocked.Increment(ref sent) <= loadRequests)
                {
                    (await http.GetAsync(path)).EnsureSuccessStatusCode();
                }
            }));
            var loadMs = load.Elapsed.TotalMilliseconds;
            process.Refresh();
            return new Start(healthy, first, resident, idle, process.WorkingSet64 / 1024.0 / 1024.0, loadMs);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static ProcessStartInfo WithEnvironment(this ProcessStartInfo start, IReadOnlyDictionary<string, string>? environment)
    {
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
