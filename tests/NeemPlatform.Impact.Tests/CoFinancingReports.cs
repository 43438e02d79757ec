using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using NeemPlatform.Contracts;
using NeemPlatform.Impact.Reports;

namespace NeemPlatform.Impact.Tests;

/// <summary>A region whose funders accepted two versions of the co-financing rates: a new one from 2026-03-15.</summary>
public sealed class CoFinancedImpact : RegionalImpact
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Neem:CoFinancing:Rates:0:From"] = "2026-01-01",
        ["Neem:CoFinancing:Rates:0:ActivitySupportSekPerHour"] = "81.25",
        ["Neem:CoFinancing:Rates:0:OwnWorkSekPerHour"] = "150",
        ["Neem:CoFinancing:Rates:0:PremisesSekPerHour"] = "12.40",
        ["Neem:CoFinancing:Rates:0:ComputersSekPerHour"] = "3.05",
        ["Neem:CoFinancing:Rates:1:From"] = "2026-03-15",
        ["Neem:CoFinancing:Rates:1:ActivitySupportSekPerHour"] = "83.75",
        ["Neem:CoFinancing:Rates:1:OwnWorkSekPerHour"] = "155",
        ["Neem:CoFinancing:Rates:1:PremisesSekPerHour"] = "12.40",
        ["Neem:CoFinancing:Rates:1:ComputersSekPerHour"] = "3.10"
    };
}

public class the_co_financing_report(CoFinancedImpact service) : IClassFixture<CoFinancedImpact>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;

    private static CoachingAttendanceRecorded Attended(Guid participant, Guid session, string kind, DateOnly on, decimal hours, string status = "present") =>
        new(Guid.NewGuid(), participant, "stockholm", session, kind, on, status, hours, At);

    /// <summary>To the öre, as amounts are stated (each kind of co-financing is rounded once, over the month).</summary>
    private static decimal Ore(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task a_months_co_financing_is_the_hours_present_times_the_rates_in_force_on_each_sessions_day()
    {
        var (amina, hodan) = (Guid.NewGuid(), Guid.NewGuid());
        var (group, individual, corrected, visit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await service.RecordAsync(
        [
            Attended(amina, group, "group", new DateOnly(2026, 3, 3), 2.5m),
            Attended(hodan, group, "group", new DateOnly(2026, 3, 3), 2.5m),
            Attended(amina, individual, "individual", new DateOnly(2026, 3, 20), 1.25m), // under the second version
            Attended(hodan, corrected, "language-training", new DateOnly(2026, 3, 25), 3m),
            Attended(hodan, corrected, "language-training", new DateOnly(2026, 3, 25), 3m, "absent"), // a correction: she was not there
            Attended(amina, visit, "study-visit", new DateOnly(2026, 4, 2), 4m),
            Attended(hodan, Guid.NewGuid(), "group", new DateOnly(2025, 12, 30), 2m) // before any rate: no value
        ]);

        var response = await service.StaffClient("region-manager").GetAsync("/api/reports/co-financing?from=2025-12&to=2026-04");
        var months = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("months").EnumerateArray()
            .ToDictionary(m => m.GetProperty("month").GetString()!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var march = months["2026-03"];
        // 5 hours at version 1 and 1.25 hours at version 2; the corrected session counts nothing.
        Assert.Equal(6.25m, march.GetProperty("hours").GetDecimal());
        Assert.Equal(Ore(5m * 81.25m + 1.25m * 83.75m), march.GetProperty("activitySupportSek").GetDecimal());
        Assert.Equal(Ore(5m * 150m + 1.25m * 155m), march.GetProperty("ownWorkSek").GetDecimal());
        Assert.Equal(6.25m * 12.40m, march.GetProperty("premisesSek").GetDecimal());
        Assert.Equal(Ore(5m * 3.05m + 1.25m * 3.10m), march.GetProperty("computersSek").GetDecimal());
        Assert.Equal(march.GetProperty("activitySupportSek").GetDecimal() + march.GetProperty("ownWorkSek").GetDecimal()
                     + march.GetProperty("premisesSek").GetDecimal() + march.GetProperty("computersSek").GetDecimal(), march.GetProperty("totalSek").GetDecimal());
        Assert.Equal([1, 2], march.GetProperty("rateVersions").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(4m * (83.75m + 155m + 12.40m + 3.10m), months["2026-04"].GetProperty("totalSek").GetDecimal());
        Assert.Equal((2m, 2m, 0m), (months["2025-12"].GetProperty("hours").GetDecimal(), months["2025-12"].GetProperty("hoursWithoutRate").GetDecimal(),
            months["2025-12"].GetProperty("totalSek").GetDecimal()));
        Assert.Equal(0m, months["2026-01"].GetProperty("totalSek").GetDecimal());

        // The participant report of March: her hours in each activity.
        var participants = (await service.StaffClient("region-manager").GetFromJsonAsync<JsonElement>("/api/reports/participant-months?month=2026-03"))
            .GetProperty("participants").EnumerateArray().ToDictionary(p => p.GetProperty("participantId").GetGuid());
        Assert.Equal((2.5m, 1.25m, 3.75m), (participants[amina].GetProperty("groupCoachingHours").GetDecimal(),
            participants[amina].GetProperty("individualCoachingHours").GetDecimal(), participants[amina].GetProperty("totalHours").GetDecimal()));
        Assert.Equal((2.5m, 0m), (participants[hodan].GetProperty("totalHours").GetDecimal(), participants[hodan].GetProperty("languageTrainingHours").GetDecimal()));
    }

    [Fact]
    public async Task only_programme_management_reads_it_and_a_period_is_named_when_wrong()
    {
        var advisor = await service.StaffClient("advisor").GetAsync("/api/reports/co-financing?from=2026-01&to=2026-02");
        var backwards = await service.StaffClient("region-manager").GetAsync("/api/reports/co-financing?from=2026-05&to=2026-02");
        var notAMonth = await service.StaffClient("region-manager").GetAsync("/api/reports/participant-months?month=2026-13");

        Assert.Equal(HttpStatusCode.Forbidden, advisor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.True((await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
        Assert.Equal(HttpStatusCode.BadRequest, notAMonth.StatusCode);
    }

    [Fact]
    public void rates_that_are_not_exact_amounts_or_share_a_day_stop_the_service_at_start()
    {
        IConfiguration Config(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        (string, string)[] Version(int n, string from, string support = "80") =>
        [
            ($"Neem:CoFinancing:Rates:{n}:From", from), ($"Neem:CoFinancing:Rates:{n}:ActivitySupportSekPerHour", support),
            ($"Neem:CoFinancing:Rates:{n}:OwnWorkSekPerHour", "150"), ($"Neem:CoFinancing:Rates:{n}:PremisesSekPerHour", "10"),
            ($"Neem:CoFinancing:Rates:{n}:ComputersSekPerHour", "3")
        ];

        Assert.Throws<InvalidOperationException>(() => CoFinancingRates.From(Config(Version(0, "2026-01-01", "80.125"))));
        Assert.Throws<InvalidOperationException>(() => CoFinancingRates.From(Config([.. Version(0, "2026-01-01"), .. Version(1, "2026-01-01")])));
        Assert.Equal(2, CoFinancingRates.From(Config([.. Version(0, "2026-06-01"), .. Version(1, "2026-01-01")])).InForceOn(new DateOnly(2026, 7, 1))!.Version);
    }
}
