using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Participant.PersonalData;

namespace NeemPlatform.Participant.Tests;

/// <summary>Valid identity numbers and referral bodies for tests.</summary>
internal static class People
{
    private static int _serial = Random.Shared.Next(1, 400);

    public static string Number(DateOnly birth, int birthNumber, bool coordination = false, bool twelve = true, char? separator = '-')
    {
        var day = birth.Day + (coordination ? 60 : 0);
        var nine = $"{birth.Year % 100:D2}{birth.Month:D2}{day:D2}{birthNumber:D3}";
        var check = SwedishIdentityNumber.LuhnCheckDigit(nine);
        var datePart = (twelve ? $"{birth.Year / 100:D2}" : "") + nine[..6];
        return $"{datePart}{separator}{nine[6..]}{check}";
    }

    /// <summary>A fresh person's 12-digit number (different on every call in a test run).</summary>
    public static string NewNumber()
    {
        var serial = Interlocked.Increment(ref _serial);
        var birth = new DateOnly(1960, 1, 1).AddDays(serial * 37 % 15000);
        return Number(birth, 100 + serial % 899, separator: null);
    }

    public static Dictionary<string, object?> Referral(string? number = null, string firstName = "Amina", string lastName = "Testsson",
        bool permit = true, string targetGroup = "newly-arrived") => new()
        {
            ["personalIdentityNumber"] = number ?? NewNumber(),
            ["firstName"] = firstName,
            ["lastName"] = lastName,
            ["municipality"] = "Botkyrka",
            ["targetGroup"] = targetGroup,
            ["permanentResidencePermit"] = permit,
            ["consent"] = true,
            ["phone"] = "+46 70 123 45 67",
            ["email"] = "amina@example.se",
            ["gender"] = "female",
            ["bornAbroad"] = true,
            ["note"] = "Interested in catering."
        };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> PostReferralAsync(this HttpClient partner, object body, string? key = null) =>
        await partner.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
        {
            Content = JsonContent.Create(body),
            Headers = { { "Idempotency-Key", key ?? Guid.NewGuid().ToString() } }
        });
}
