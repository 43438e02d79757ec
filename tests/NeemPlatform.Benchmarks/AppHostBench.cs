using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// The README's run command, timed: <c>dotnet run --project aspire/NeemPlatform.AppHost</c> (built, headless, Debug as the command
/// builds it) on a PostgreSQL cluster and ports of its own, to the four services' /health and the portal's /alive all answering
/// 200; then, 5 s later, the resident memory of every process it started (each service, the portal, the AppHost, and the
/// <c>dotnet run</c> wrapper Aspire starts around each project). The services' code generated ahead of time (the AppHost's
/// default) against generated at start, alternating, two starts each; the second is each first's baseline. The AppHost is built
/// first, and the first start of all, which creates the cluster and the schemas, is not counted.
/// </summary>
internal static class AppHostBench
{
    private const int PortBase = 6200;

    public static async Task<IReadOnlyList<Result>> RunAsync(int starts = 2)
    {
        var root = Root();
        var data = Path.Combine(Path.GetTempPath(), $"neem-apphost-bench-{Environment.ProcessId}");
        var postgresPort = FreePort();
        // The run command as it is timed: with the build up to date (the AppHost builds the projects it starts, in Debug).
        using (var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "aspire", "NeemPlatform.AppHost"), "-v", "q", "-nologo"])
        {
            WorkingDirectory = root
        })!)
        {
            await build.WaitForExitAsync();
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException("The AppHost did not build.");
            }
        }

        try
        {
            await StartOnceAsync(root, data, postgresPort, "Static");
            var runs = new Dictionary<string, List<(double Seconds, Dictionary<string, double> MiB)>> { ["Static"] = [], ["Dynamic"] = [] };
            for (var i = 0; i < starts; i++)
            {
                foreach (var mode in new[] { "Static", "Dynamic" })
                {
                    runs[mode].Add(await StartOnceAsync(root, data, postgresPort, mode));
                }
            }

            static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
            var results = new List<Result>
            {
                new("README run command to all five healthy, code ahead of time (vs generated at start)", Median(runs["Static"].Select(r => r.Seconds)), "s",
                    Median(runs["Dynamic"].Select(r => r.Seconds)), 0)
            };
            foreach (var part in runs["Static"][0].MiB.Keys)
            {
                results.Add(new Result($"README run command, resident: {part}, ahead of time (vs at start)",
                    Median(runs["Static"].Select(r => r.MiB.GetValueOrDefault(part))), "MiB", Median(runs["Dynamic"].Select(r => r.MiB.GetValueOrDefault(part))), 0));
            }

            return results;
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static async Task<(double Seconds, Dictionary<string, double> MiB)> StartOnceAsync(string root, string data, int postgresPort, string mode)
    {
        var clock = Stopwatch.StartNew();
        using var apphost = Process.Start(new ProcessStartInfo("dotnet",
        [
            "run", "--project", Path.Combine(root, "aspire", "NeemPlatform.AppHost"), "--no-build", "--", "--headless", "--Postgres:Mode=local",
            $"--Postgres:DataDirectory={data}", $"--Postgres:Port={postgresPort}", $"--Neem:PortBase={PortBase}", $"--Neem:CodeGeneration:TypeLoadMode={mode}"
        ])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true
        })!;
        _ = apphost.StandardOutput.ReadToEndAsync();
        _ = apphost.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var probes = new[] { $"http://localhost:{PortBase}/alive" }
                .Concat(Enumerable.Range(1, 4).Select(n => $"http://localhost:{PortBase + n}/health")).ToList();
            while (true)
            {
                var answers = await Task.WhenAll(probes.Select(async url =>
                {
                    try
                    {
                        return (await http.GetAsync(url)).StatusCode == HttpStatusCode.OK;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return false;
                    }
                }));
                if (answers.All(a => a))
                {
                    break;
                }

                if (apphost.HasExited || clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"The AppHost ({mode}) did not bring all five up.");
                }

                await Task.Delay(100);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(5));
            var memory = Resident(apphost.Id);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"apphost ({mode}): all five healthy in {seconds:0.0} s; {string.Join(", ", memory.Select(m => $"{m.Key} {m.Value:0} MiB"))}"));
            return (seconds, memory);
        }
        finally
        {
            if (!apphost.HasExited)
            {
                apphost.Kill(entireProcessTree: true);
                await apphost.WaitForExitAsync();
            }

            // The orchestrator stops what it started once the AppHost is gone: wait until nothing answers on the platform's ports.
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(1); await Task.Delay(250))
            {
                var answering = 0;
                foreach (var port in Enumerable.Range(PortBase, 5))
                {
                    try
                    {
                        await probe.GetAsync($"http://localhost:{port}/alive");
                        answering++;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                    }
                }

                if (answering == 0)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The resident memory in MiB of every process under <paramref name="root"/>, by what it is (PostgreSQL left out).</summary>
    private static Dictionary<string, double> Resident(int root)
    {
        var processes = Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsDigit)).Select(int.Parse)
            .Select(pid =>
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                    var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                    var rss = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    return (Pid: pid, Parent: parent, Command: command, MiB: double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    return (Pid: pid, Parent: -1, Command: "", MiB: 0.0);
                }
            }).ToList();
        // The AppHost's children, and Aspire's orchestrator (DCP), which runs apart from it but watches it (--monitor <pid>), with all
        // that DCP starts: the dotnet run wrapper of each project, the project itself, and a process monitor beside each.
        var tree = new HashSet<int> { root };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var p in processes.Where(p => !tree.Contains(p.Pid)
                         && (tree.Contains(p.Parent) || tree.Any(t => p.Command.Contains($"--monitor {t} ", StringComparison.Ordinal)))))
            {
                grew |= tree.Add(p.Pid);
            }
        }

        var parts = new Dictionary<string, double>();
        foreach (var p in processes.Where(p => tree.Contains(p.Pid) && !p.Command.Contains("postgres", StringComparison.Ordinal)))
        {
            var what = p.Pid == root ? "the AppHost's dotnet run"
                : p.Command.Contains("/dcp ", StringComparison.Ordinal) ? "Aspire's orchestrator (DCP and its process monitors)"
                : p.Command.Contains(" run ", StringComparison.Ordinal) ? "dotnet run wrappers, together"
                : new[] { "Participant", "Coaching", "Lending", "Impact", "Portal", "AppHost" }.FirstOrDefault(s => p.Command.Contains($"NeemPlatform.{s}", StringComparison.Ordinal)) is { } s
                    ? (s == "AppHost" ? "the AppHost" : s)
                    : "other (DCP)";
            parts[what] = parts.GetValueOrDefault(what) + p.MiB;
        }

        parts["everything (PostgreSQL left out)"] = parts.Values.Sum();
        return parts;
    }

    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NeemPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The benchmark runs from a build inside the repository (NeemPlatform.sln not found above it).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
