using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
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

    private async Task<DistributedApplication> StartAsync(Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var clock = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NeemPlatform_AppHost>(
        [
            "--Postgres:Mode=local",
            $"--Postgres:DataDirectory={_dataDirectory}",
            $"--Postgres:Port={_port}",
            "--Neem:Region=vasteras"
        ]);
        if (logs is not null)
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(builder.Services, logs);
        }

        var app = await builder.BuildAsync();
        // Generous: `dotnet test NeemPlatform.sln` runs this beside the portal's suite (a second whole platform and Chromium) on
        // two cores, where starting the four services once took almost three minutes. The time is printed, not asserted.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await app.StartAsync(timeout.Token);
        foreach (var service in Services)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        output.WriteLine($"AppHost start to four healthy services: {clock.Elapsed.TotalSeconds:0.0} s");
        return app;
    }

    private static async Task<HttpClient> SignedInAsync(DistributedApplication app, string service, string token)
    {
        var client = app.CreateHttpClient(service);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>A staff token from the services' development issuer (POST /dev/tokens), as the README shows.</summary>
    private static async Task<string> TokenAsync(DistributedApplication app, string role)
    {
        var response = await app.CreateHttpClient("participant").PostAsJsonAsync("/dev/tokens",
            new { subject = $"{role}-1", role, region = "vasteras" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Every checklist in order, then the plan (financing need 85 000.55 SEK) and its approval.</summary>
    private static async Task CoachedToAnApprovedPlanAsync(HttpClient coaching, Guid id, string today)
    {
        async Task<long> Version() => (await coaching.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64();
        async Task Ok(Task<HttpResponseMessage> call)
        {
            var response = await call;
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var curriculum = await coaching.GetFromJsonAsync<JsonElement>("/api/curriculum");
        foreach (var module in curriculum.GetProperty("modules").EnumerateArray())
        {
            var code = module.GetProperty("code").GetString();
            foreach (var item in module.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("mandatory").GetBoolean()))
            {
                await Ok(coaching.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
                    new { moduleCode = code, itemCode = item.GetProperty("code").GetString(), tickedOn = today, expectedVersion = await Version() }));
            }

            await Ok(coaching.PostAsJsonAsync($"/api/enrolments/{id}/modules/{code}/approval", new { approvedOn = today, expectedVersion = await Version() }));
        }

        await Ok(coaching.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", new
        {
            idea = "Catering",
            productOrService = "Lunch boxes",
            pricing = "90 SEK",
            marketAndCompetitors = "Industrial area",
            marketing = "Flyers",
            companyForm = "sole-trader",
            incomeStatement = new { revenues = new[] { new { label = "Boxes", unitPriceSek = 90m, quantity = 3000m } }, costs = new[] { new { label = "Food", amountSek = 219_600m } } },
            liquidityBudget = new { openingBalanceSek = 0m, months = Array.Empty<object>() },
            capitalNeeds = new { investments = new[] { new { label = "Oven", amountSek = 85_000.55m } }, workingCapitalSek = 0m, ownFundsSek = 0m },
            expectedVersion = await Version()
        }));
        await Ok(coaching.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval", new { approvedOn = today, expectedVersion = await Version() }));
    }

    private static async Task<Guid> SelectedAsync(HttpClient advisor, Guid id, string today)
    {
        Assert.Equal(HttpStatusCode.OK, (await advisor.PostAsJsonAsync($"/api/participants/{id}/interview",
            new { interviewedOn = today, drive = 5, will = 5 })).StatusCode);
        var decided = await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = today });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        return id;
    }

    [Fact]
    public async Task a_referred_participant_crosses_all_four_services_and_a_restart_keeps_the_data()
    {
        // The services' today: the date in Sweden (the machine's UTC date is the day before from 23:00 UTC).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm")).DateTime);
        var todayText = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Guid id;
        await using (var app = await StartAsync())
        {
            foreach (var service in Services)
            {
                var info = await app.CreateHttpClient(service).GetFromJsonAsync<JsonElement>("/api/info");
                Assert.Equal("vasteras", info.GetProperty("region").GetString());
            }

            var admin = await SignedInAsync(app, "participant", await TokenAsync(app, "administrator"));
            var advisorToken = await TokenAsync(app, "advisor");
            var advisor = await SignedInAsync(app, "participant", advisorToken);
            var coaching = await SignedInAsync(app, "coaching", advisorToken);
            var lending = await SignedInAsync(app, "lending", await TokenAsync(app, "loan-officer"));
            var impact = await SignedInAsync(app, "impact", await TokenAsync(app, "region-manager"));

            // A partner gets a credential and refers a person, as the README shows.
            var partner = await (await admin.PostAsJsonAsync("/api/partners", new { name = "Arbetsförmedlingen Västerås" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            var credential = await (await admin.PostAsJsonAsync($"/api/partners/{partner.GetProperty("id").GetGuid()}/credentials",
                new { label = "AF integration" })).Content.ReadFromJsonAsync<JsonElement>();
            var partnerClient = app.CreateHttpClient("participant");
            partnerClient.DefaultRequestHeaders.Add("X-Api-Key", credential.GetProperty("key").GetString());
            partnerClient.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var referral = await partnerClient.PostAsJsonAsync("/api/referrals", new
            {
                personalIdentityNumber = "19850314-6246",
                firstName = "Amina",
                lastName = "Endtoend",
                municipality = "Västerås",
                targetGroup = "job-guarantee-phase-1",
                permanentResidencePermit = true,
                consent = true,
                phone = "021-123456",
                gender = "female",
                bornAbroad = true
            });
            Assert.Equal(HttpStatusCode.Created, referral.StatusCode);
            var referralId = (await referral.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("referralId").GetGuid();

            var listed = await advisor.GetFromJsonAsync<JsonElement>("/api/participants");
            var entry = Assert.Single(listed.GetProperty("participants").EnumerateArray());
            Assert.Equal("19850314-****", entry.GetProperty("maskedIdentityNumber").GetString());
            id = entry.GetProperty("id").GetGuid();

            var manager = await SignedInAsync(app, "participant", await TokenAsync(app, "region-manager"));
            Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/network-groups",
                new { name = "Västerås spring group", formedOn = todayText })).StatusCode);

            var crossing = Stopwatch.StartNew();
            await SelectedAsync(advisor, id, todayText);
            var enrolment = await Until(coaching, $"/api/enrolments/{id}", e => e.GetProperty("status").GetString() == "enrolled");
            output.WriteLine($"Participant -> Coaching (ParticipantAssignedToNetworkGroup): {crossing.ElapsedMilliseconds} ms");
            Assert.Equal(todayText, enrolment.GetProperty("enrolledOn").GetString());
            var status = await partnerClient.GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}");
            Assert.Equal("in-process", status.GetProperty("status").GetString()); // her referral's course, never her programme status

            await CoachedToAnApprovedPlanAsync(coaching, id, todayText);
            var file = await Until(lending, $"/api/credit-files/{id}", _ => true);
            Assert.Equal(85000.55m, file.GetProperty("financingLimitSek").GetDecimal());

            Assert.Equal(HttpStatusCode.OK, (await advisor.PostAsJsonAsync($"/api/participants/{id}/exit",
                new { exitedOn = todayText, reason = "completed" })).StatusCode);
            // Impact schedules her three follow-ups (in whatever order they arrive); the first due is the one at exit, today.
            var followedUp = await Until(advisor, $"/api/participants/{id}",
                p => p.GetProperty("participant").TryGetProperty("scheduledFollowUps", out var s) && s.ValueKind == JsonValueKind.Array && s.GetArrayLength() == 3);
            Assert.Equal(todayText, followedUp.GetProperty("participant").GetProperty("followUpDueOn").GetString());
            Assert.Equal(new[] { ("at-exit", todayText), ("six-months", today.AddMonths(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                    ("twelve-months", today.AddMonths(12).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) },
                followedUp.GetProperty("participant").GetProperty("scheduledFollowUps").EnumerateArray()
                    .Select(f => (f.GetProperty("point").GetString()!, f.GetProperty("dueOn").GetString()!)).OrderBy(f => f.Item2));

            // referred, selected, assigned to a group, enrolled, 8 modules approved, coaching completed, plan approved,
            // credit file opened, left
            var history = await Until(impact, $"/api/mis/participants/{id}", h => h.GetProperty("summary").GetProperty("entries").GetInt32() == 16);

            // A second participant: the hop once code generation and connections are warm.
            var second = await advisor.PostAsJsonAsync("/api/participants", new
            {
                source = "walk-in",
                person = new
                {
                    personalIdentityNumber = "900101-0017",
                    firstName = "Second",
                    lastName = "Person",
                    municipality = "Västerås",
                    targetGroup = "newly-arrived",
                    permanentResidencePermit = true,
                    consent = true,
                    email = "second@example.se"
                }
            });
            var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantId").GetGuid();
            var warm = Stopwatch.StartNew();
            await SelectedAsync(advisor, secondId, todayText);
            await Until(coaching, $"/api/enrolments/{secondId}", _ => true);
            output.WriteLine($"Participant -> Coaching, warm: {warm.ElapsedMilliseconds} ms");
            Assert.Equal("vasteras", history.GetProperty("summary").GetProperty("region").GetString());
            Assert.Equal(85000.55m, history.GetProperty("summary").GetProperty("creditLimitSek").GetDecimal());
        }

        await using (var again = await StartAsync())
        {
            var advisor = await SignedInAsync(again, "participant", await TokenAsync(again, "advisor"));
            var stored = await advisor.GetFromJsonAsync<JsonElement>($"/api/participants/{id}");
            Assert.Equal("exited", stored.GetProperty("participant").GetProperty("status").GetString());
            var history = await (await SignedInAsync(again, "impact", await TokenAsync(again, "region-manager"))).GetFromJsonAsync<JsonElement>($"/api/mis/participants/{id}");
            Assert.Equal(16, history.GetProperty("summary").GetProperty("entries").GetInt32());
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

    [Fact]
    public async Task a_service_that_dies_under_the_apphost_is_reported_and_started_again()
    {
        var logs = new AppHostLogs();
        await using var app = await StartAsync(logs);
        int Pid() => app.ResourceNotifications.TryGetCurrentState("coaching", out var e)
                     && e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        var wrapper = Pid();
        Assert.NotEqual(0, wrapper);

        // The service itself, under the `dotnet run` the AppHost starts: killed as the kernel kills it out of memory.
        var children = File.ReadAllText($"/proc/{wrapper}/task/{wrapper}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using (var service = Process.GetProcessById(int.Parse(Assert.Single(children), System.Globalization.CultureInfo.InvariantCulture)))
        {
            service.Kill();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await app.ResourceNotifications.WaitForResourceAsync("coaching",
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid() is var now && now != 0 && now != wrapper, timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("coaching", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, (await app.CreateHttpClient("coaching").GetAsync("/health", timeout.Token)).StatusCode);
        Assert.Contains(logs.Lines, l => l.Contains("The coaching service stopped", StringComparison.Ordinal));
        output.WriteLine(string.Join(Environment.NewLine, logs.Lines.Where(l => l.Contains("coaching service", StringComparison.Ordinal))));
    }

    private sealed class AppHostLogs : Microsoft.Extensions.Logging.ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
                Exception? exception, Func<TState, Exception?, string> formatter) => lines.Enqueue(formatter(state, exception));
        }
    }
}

public class when_the_apphost_starts_outside_development
{
    [Fact]
    public void it_refuses_without_an_authority_and_creates_no_development_key()
    {
        var directory = Directory.CreateTempSubdirectory("neem-production-").FullName;
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();
        var settings = new NeemPlatform.AppHost.PlatformSettings("stockholm", NeemPlatform.AppHost.PostgresMode.External, 55432, directory, null, null,
            "Host=localhost");

        var refused = Assert.Throws<NeemPlatform.AppHost.PlatformConfigurationException>(object? () =>
            NeemPlatform.AppHost.PlatformSecrets.Read(configuration, settings, development: false));

        Assert.Contains("Neem:Auth:Authority", refused.Message);
        Assert.Empty(Directory.EnumerateFiles(directory));
        var withAuthority = new Microsoft.Extensions.Configuration.ConfigurationManager { ["Neem:Auth:Authority"] = "https://login.example.org/neem" };
        var secrets = NeemPlatform.AppHost.PlatformSecrets.Read(withAuthority, settings, development: false);
        Assert.Null(secrets.DevelopmentSigningKey);
        Assert.DoesNotContain(secrets.EnvironmentFor("participant"), e => e.Name.Contains("Development", StringComparison.Ordinal));
    }
}

/// <summary>The AppHost's model of the whole programme on one machine (built, not started: no server runs).</summary>
public class the_programme_on_one_machine
{
    [Fact]
    public async Task has_three_regions_the_national_view_and_the_gateway_each_on_its_own_ports_database_and_secrets()
    {
        var directory = Directory.CreateTempSubdirectory("neem-programme-").FullName;
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NeemPlatform_AppHost>(
        [
            "--Neem:Programme=true",
            "--Postgres:Mode=external",
            "--ConnectionStrings:neem=Host=127.0.0.1;Port=1;Database=neem;Username=neem;Password=unused",
            $"--Postgres:DataDirectory={directory}"
        ]);

        var projects = builder.Resources.OfType<ProjectResource>().ToDictionary(p => p.Name);
        string[] regions = ["stockholm", "vasteras", "orebro"];
        var expected = regions.SelectMany(r => new[] { "portal", "participant", "coaching", "lending", "impact" }.Select(s => $"{r}-{s}"))
            .Append("national-impact").Append("national-portal").Append("partner-gateway").Order().ToList();
        Assert.Equal(expected, projects.Keys.Order());

        var ports = projects.ToDictionary(p => p.Key, p => p.Value.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port);
        Assert.Equal(projects.Count, ports.Values.Distinct().Count());
        Assert.Equal([5100, 5101, 5104, 5200, 5201, 5304, 5400, 5404, 5405],
            new[] { "stockholm-portal", "stockholm-participant", "stockholm-impact", "vasteras-portal", "vasteras-participant", "orebro-impact", "national-portal",
                    "national-impact", "partner-gateway" }
                .Select(n => ports[n]!.Value));

        var env = new Dictionary<string, Dictionary<string, string?>>();
        foreach (var (name, project) in projects)
        {
            env[name] = await EnvironmentOfAsync(project);
        }

        string Database(string project) => new Npgsql.NpgsqlConnectionStringBuilder(env[project]["ConnectionStrings__neem"]).Database!;
        foreach (var region in regions)
        {
            Assert.All(new[] { "participant", "coaching", "lending", "impact" }, s => Assert.Equal($"neem_{region}", Database($"{region}-{s}")));
            Assert.All(new[] { "participant", "coaching", "lending", "impact", "portal" }, s => Assert.Equal(region, env[$"{region}-{s}"]["Neem__Region"]));
            // The national view reads each region's feed with the key that region gives it, at that region's Impact.
            Assert.Equal(env[$"{region}-impact"]["Neem__Impact__FeedConsumers__national"], env["national-impact"][$"Neem__National__Regions__{region}__Key"]);
            Assert.Equal($"http://localhost:{ports[$"{region}-impact"]}", env["national-impact"][$"Neem__National__Regions__{region}__Url"]);
            Assert.Equal($"http://localhost:{ports[$"{region}-participant"]}", env["partner-gateway"][$"Neem__Gateway__Regions__{region}__Url"]);
            Assert.Equal($"http://localhost:{ports[$"{region}-lending"]}", env[$"{region}-portal"]["Services__lending"]);
        }

        Assert.Equal("neem_national", Database("national-impact"));
        Assert.Equal("national", env["national-impact"]["Neem__Region"]);
        // The steering group's portal beside the national view: national, calling the national Impact alone, holding no database.
        Assert.Equal("national", env["national-portal"]["Neem__Region"]);
        Assert.False(env["national-portal"].ContainsKey("ConnectionStrings__neem"));
        Assert.Equal("national-impact", Assert.IsType<EndpointReference>((await RawEnvironmentOfAsync(projects["national-portal"]))["Services__impact"]).Resource.Name);
        Assert.False(env["partner-gateway"].ContainsKey("ConnectionStrings__neem")); // the gateway keeps nothing
        // Each region has secrets of its own.
        Assert.Equal(3, regions.Select(r => env[$"{r}-participant"]["Neem__Participant__IdentityKey"]).Distinct().Count());
        Assert.Equal(4, regions.Select(r => env[$"{r}-impact"]["Neem__Impact__FeedSecret"]).Append(env["national-impact"]["Neem__Impact__FeedSecret"]).Distinct().Count());
        Assert.Equal(Path.Combine(directory, "gateway", "partners.json"), env["partner-gateway"]["Neem__Gateway__PartnersFile"]);
    }

    /// <summary>The environment the AppHost gives a project, from its environment callbacks (the values this AppHost sets are plain strings).</summary>
    private static async Task<Dictionary<string, string?>> EnvironmentOfAsync(ProjectResource project) =>
        (await RawEnvironmentOfAsync(project)).ToDictionary(v => v.Key, v => v.Value as string);

    /// <summary>The same, each value as the AppHost set it: a string, or a reference to another resource's endpoint.</summary>
    private static async Task<Dictionary<string, object>> RawEnvironmentOfAsync(ProjectResource project)
    {
        var values = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), values);
        foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return values;
    }
}
