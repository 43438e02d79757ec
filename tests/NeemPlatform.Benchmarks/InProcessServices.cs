extern alias participant;
using System.Text.Json;
using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using NeemPlatform.TestSupport;
using participant::NeemPlatform.Participant.PersonalData;

namespace NeemPlatform.Benchmarks;

/// <summary>The services in this process (ASP.NET Core's test server: the real pipeline without a socket) on one database.</summary>
internal static class InProcessServices
{
    /// <summary>The benchmark's key to the MIS feed (consumer "bench").</summary>
    public const string FeedKey = "benchmark-feed-key-0123456789abcdef0123456789";

    /// <summary>The host settings of a benchmark run: Development issuer, test keys, partner limits lifted, quiet logs.</summary>
    public static Action<IWebHostBuilder> Configure(string connectionString, IReadOnlyDictionary<string, string>? more = null)
    {
        JasperFxEnvironment.AutoStartHost = true;
        // Outside a test run, tell the in-process hosts where each service's content root is (from the build's manifest).
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json")));
        foreach (var entry in manifest.RootElement.EnumerateObject())
        {
            var assembly = entry.Name.Split(',')[0];
            Environment.SetEnvironmentVariable($"ASPNETCORE_TEST_CONTENTROOT_{assembly.Replace('.', '_').ToUpperInvariant()}", entry.Value.GetString());
        }

        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:neem"] = connectionString,
            ["Neem:Region"] = "stockholm",
            ["Neem:Auth:DevelopmentSigningKey"] = TestAuth.SigningKey,
            ["Neem:Auth:DevelopmentIssuer"] = "true",
            ["Neem:Participant:IdentityKey"] = TestAuth.IdentityKey,
            ["Neem:Lending:StatementKey"] = TestAuth.IdentityKey,
            ["Neem:Impact:FeedSecret"] = TestAuth.IdentityKey,
            ["Neem:Impact:FeedConsumers:bench"] = FeedKey,
            ["Neem:Partners:RequestsPerSecond"] = "1000000",
            ["Neem:Partners:Burst"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning"
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return builder =>
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        };
    }

    /// <summary>A client of <paramref name="host"/> with a staff token of the region.</summary>
    public static HttpClient Staff(IAlbaHost host, string role)
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestAuth.TokenFor(role, "stockholm"));
        return client;
    }

    /// <summary>The <paramref name="n"/>th of a series of distinct valid personnummer.</summary>
    public static string Number(int n)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(n % 20_000);
        var nine = $"{birth.Year % 100:D2}{birth.Month:D2}{birth.Day:D2}{n / 20_000 % 999 + 1:D3}";
        return $"{birth.Year / 100:D2}{nine}{SwedishIdentityNumber.LuhnCheckDigit(nine)}";
    }
}
