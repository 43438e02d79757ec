namespace NeemPlatform.Portal.Tests;

/// <summary>Made-up people for the browser tests.</summary>
internal static class People
{
    /// <summary>A valid personnummer (YYYYMMDD-NNNC, Luhn check digit) born on a random day from <paramref name="from"/>.</summary>
    public static string Number(DateOnly from, int days)
    {
        var yyyymmddnnn = $"{from.AddDays(Random.Shared.Next(0, days)):yyyyMMdd}{Random.Shared.Next(100, 999)}";
        var sum = yyyymmddnnn[2..].Select((c, i) => (c - '0') * (i % 2 == 0 ? 2 : 1)).Sum(v => v / 10 + v % 10);
        return $"{yyyymmddnnn[..8]}-{yyyymmddnnn[8..]}{(10 - sum % 10) % 10}";
    }
}
