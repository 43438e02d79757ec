using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeemPlatform.Participant.PersonalData;

namespace NeemPlatform.DemoData;

/// <summary>
/// The whole programme (the AppHost with <c>Neem:Programme=true</c>): fills the three regions, sets up Arbetsförmedlingen as a
/// partner with national reach (its credential at each region, written to the partner gateway's partners file), sends fresh
/// referrals through the gateway for people in municipalities of all three regions, and prints the national view once it has
/// read every region's feed.
/// </summary>
public static class NationalProgramme
{
    private const string PartnerName = "Arbetsförmedlingen (nationellt)";

    /// <summary>Where the AppHost tells the gateway to read its partners (beside the programme's data).</summary>
    public static string DefaultPartnersFile()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        var root = Environment.UserName == "root" ? "/var/lib/neem-platform" : Path.Combine(dataHome, "neem-platform");
        return Path.Combine(root, "programme", "gateway", "partners.json");
    }

    public static async Task<int> FillAsync(IReadOnlyList<(string Region, int PortBase, string[] Municipalities)> regions, int count, Random random,
        Uri gatewayUrl, Uri nationalUrl, string partnersFile)
    {
        foreach (var (_, portBase, municipalities) in regions)
        {
            await Demo.RegionAsync(Demo.At(portBase), count, new Random(random.Next()), municipalities);
        }

        var nationalKey = await NationalPartnerAsync(regions, partnersFile);
        Console.WriteLine($"\n{PartnerName}: its national credential is in {partnersFile}");

        using var gateway = new HttpClient { BaseAddress = gatewayUrl };
        gateway.DefaultRequestHeaders.Add("X-Api-Key", nationalKey);
        var referredAt = DateTimeOffset.UtcNow;
        foreach (var (region, _, municipalities) in regions)
        {
            foreach (var municipality in municipalities.Take(3))
            {
                var answer = await ReferAsync(gateway, municipality, random);
                Console.WriteLine($"  referral from {municipality,-12} → {answer}");
            }
        }

        using var anonymous = new HttpClient { BaseAddress = nationalUrl };
        var token = await Demo.Ok(await anonymous.PostAsJsonAsync("/dev/tokens", new { subject = "demo-steering-group", role = "region-manager", region = "national" }));
        using var national = new HttpClient { BaseAddress = nationalUrl };
        national.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        Console.WriteLine("\nThe national view reads the regions' feeds (every 30 s) …");
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var indicators = await national.GetFromJsonAsync<JsonElement>("/api/indicators");
            var sources = indicators.GetProperty("sources").EnumerateArray().ToList();
            if (sources.Count == regions.Count && sources.All(s =>
                    s.GetProperty("lastPulledAt").ValueKind == JsonValueKind.String && s.GetProperty("lastPulledAt").GetDateTimeOffset() > referredAt.AddSeconds(5)))
            {
                Demo.PrintIndicators(indicators);
                return 0;
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        Console.Error.WriteLine("The national view has not read every region's feed within three minutes: is every region up?");
        return 1;
    }

    /// <summary>Registers the partner at each region (once), issues it a credential there, and writes the gateway's partners file.</summary>
    private static async Task<string> NationalPartnerAsync(IReadOnlyList<(string Region, int PortBase, string[] Municipalities)> regions, string partnersFile)
    {
        var nationalKey = File.Exists(partnersFile)
                          && JsonNode.Parse(await File.ReadAllTextAsync(partnersFile))?["Neem"]?["Gateway"]?["Partners"]?["arbetsformedlingen"]?["Key"]?.GetValue<string>() is { Length: >= 32 } kept
            ? kept
            : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var credentials = new JsonObject();
        foreach (var (region, portBase, _) in regions)
        {
            var participant = Demo.At(portBase)["participant"];
            using var anonymous = new HttpClient { BaseAddress = participant };
            var token = await Demo.Ok(await anonymous.PostAsJsonAsync("/dev/tokens", new { subject = "demo-admin", role = "administrator", region }));
            using var admin = new HttpClient { BaseAddress = participant };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
            var partners = await admin.GetFromJsonAsync<JsonElement>("/api/partners");
            var partnerId = partners.EnumerateArray().Where(p => p.GetProperty("name").GetString() == PartnerName).Select(p => p.GetProperty("id").GetGuid()).FirstOrDefault();
            if (partnerId == Guid.Empty)
            {
                partnerId = (await Demo.Ok(await admin.PostAsJsonAsync("/api/partners", new { name = PartnerName }))).GetProperty("id").GetGuid();
            }

            var issued = await Demo.Ok(await admin.PostAsJsonAsync($"/api/partners/{partnerId}/credentials", new { label = "national partner gateway" }));
            credentials[region] = issued.GetProperty("key").GetString();
        }

        var file = new JsonObject
        {
            ["Neem"] = new JsonObject
            {
                ["Gateway"] = new JsonObject
                {
                    ["Partners"] = new JsonObject { ["arbetsformedlingen"] = new JsonObject { ["Key"] = nationalKey, ["Credentials"] = credentials } }
                }
            }
        };
        Directory.CreateDirectory(Path.GetDirectoryName(partnersFile)!);
        await File.WriteAllTextAsync(partnersFile, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(partnersFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return nationalKey;
    }

    /// <summary>One referral through the gateway, retried with the same key while the gateway has not yet read its partners file.</summary>
    private static async Task<string> ReferAsync(HttpClient gateway, string municipality, Random random)
    {
        var birth = new DateOnly(1970, 1, 1).AddDays(random.Next(0, 10_000));
        var nine = $"{birth.Year % 100:D2}{birth.Month:D2}{birth.Day:D2}{random.Next(1, 999):D3}";
        var body = new
        {
            personalIdentityNumber = $"{birth.Year / 100:D2}{nine}{SwedishIdentityNumber.LuhnCheckDigit(nine)}",
            firstName = "Demo",
            lastName = "Remitterad",
            municipality,
            targetGroup = "newly-arrived",
            permanentResidencePermit = true,
            consent = true,
            phone = "070-000 00 00",
            gender = "female",
            bornAbroad = true
        };
        var key = Guid.NewGuid().ToString();
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await gateway.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt >= 20)
            {
                var region = response.Headers.TryGetValues("Neem-Region", out var values) ? values.Single() : "?";
                await Demo.Ok(response);
                return $"{region} ({(int)response.StatusCode})";
            }

            await Task.Delay(TimeSpan.FromSeconds(1)); // the gateway reads its partners file again within a second or two
        }
    }
}
