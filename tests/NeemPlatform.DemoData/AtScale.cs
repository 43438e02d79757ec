using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Participant.PersonalData;

namespace NeemPlatform.DemoData;

/// <summary>
/// A region at the size the portal must carry, for the portal benchmark: many participants at the start of the journey and a
/// loan book, put there through the services' own APIs, several at a time.
///   dotnet run -c Release --project tests/NeemPlatform.DemoData -- --at-scale [--participants 10000] [--borrowers 2000] [--parallel 8]
/// Every borrower goes the whole way (selected into a network group, every mandatory checklist item ticked and each module approved,
/// a business plan approved, a loan applied for, approved by a second officer and paid out some months ago); four in five of them
/// pay every instalment due, the rest stop paying after a few (the arrears worklist). The others are registered, most of them
/// interviewed, some not selected: the lists an advisor searches.
/// </summary>
public static class AtScale
{
    public static async Task<int> FillAsync(Dictionary<string, Uri> urls, int count, int borrowers, int parallel)
    {
        using var anonymous = new HttpClient { BaseAddress = urls["participant"] };
        var region = (await anonymous.GetFromJsonAsync<JsonElement>("/api/info")).GetProperty("region").GetString()!;
        async Task<HttpClient> As(string service, string role, string subject)
        {
            var token = await Demo.Ok(await anonymous.PostAsJsonAsync("/dev/tokens", new { subject, role, region }));
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel * 2 }) { BaseAddress = urls[service], Timeout = TimeSpan.FromMinutes(2) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
            return client;
        }

        var advisor = await As("participant", "advisor", "scale-advisor");
        var manager = await As("participant", "region-manager", "scale-manager");
        var coach = await As("coaching", "advisor", "scale-advisor");
        var officer = await As("lending", "loan-officer", "scale-officer-1");
        var second = await As("lending", "loan-officer", "scale-officer-2");
        var lendingManager = await As("lending", "region-manager", "scale-manager");
        await Demo.Ok(await lendingManager.PutAsJsonAsync("/api/loan-products/micro", new
        {
            name = "Mikrolån", minAmountSek = 5_000m, maxAmountSek = 100_000m, nominalAnnualRatePercent = 8m, setUpFeeSek = 300m, monthlyFeeSek = 20m,
            minTermMonths = 6, maxTermMonths = 36, amortisation = "annuity", maxInstalmentShareOfSurplus = 0.8m, graceType = "interest-only", maxGraceMonths = 3
        }));
        var curriculum = await coach.GetFromJsonAsync<JsonElement>("/api/curriculum");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Network groups of 60 for the borrowers (a selection beyond a group's places waits instead of starting).
        var groups = new List<Guid>();
        for (var g = 0; g < (borrowers + 49) / 50; g++)
        {
            var group = await Demo.Ok(await manager.PostAsJsonAsync("/api/network-groups", new { name = $"Skala {g + 1}", formedOn = Demo.D(today.AddYears(-2)), capacity = 60 }));
            groups.Add(group.GetProperty("id").GetGuid());
        }

        Console.WriteLine($"Region {region}: {count} participants of whom {borrowers} borrow, {parallel} at a time");
        var clock = Stopwatch.StartNew();
        var done = 0;
        var refused = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var random = new Random(i);
            var registered = today.AddDays(-700 + i % 600);
            var id = await RegisterAsync(advisor, i, registered);
            if (i < borrowers)
            {
                await BorrowAsync(advisor, coach, officer, second, curriculum, groups[i / 50], id, registered, today, random, refused);
            }
            else if (i % 5 != 0)
            {
                await Demo.Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/interview", new { interviewedOn = Demo.D(registered.AddDays(7)), drive = random.Next(2, 6), will = random.Next(2, 6) }, ct));
                if (i % 7 == 0)
                {
                    await Demo.Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "not-selected", decidedOn = Demo.D(registered.AddDays(10)), reason = "declined" }, ct));
                }
            }

            if (Interlocked.Increment(ref done) % 500 == 0)
            {
                Console.WriteLine($"  {done} participants, {clock.Elapsed.TotalSeconds:0} s");
            }
        });

        Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0} s; {refused.Count} applications refused by the capacity check");
        return 0;
    }

    /// <summary>A unique, valid number for the i:th person (birth date and serial from i: no two alike).</summary>
    private static async Task<Guid> RegisterAsync(HttpClient advisor, int i, DateOnly registered)
    {
        var birth = new DateOnly(1965, 1, 1).AddDays(i % 12_000);
        var nine = $"{birth.Year % 100:D2}{birth.Month:D2}{birth.Day:D2}{i / 12_000 + 1:D3}";
        var receipt = await Demo.Ok(await advisor.PostAsJsonAsync("/api/participants", new
        {
            source = new[] { "information-workshop", "recommendation", "word-of-mouth", "walk-in" }[i % 4],
            registeredOn = Demo.D(registered),
            person = new
            {
                personalIdentityNumber = $"{birth.Year / 100:D2}{nine}{SwedishIdentityNumber.LuhnCheckDigit(nine)}", firstName = $"Skala{i}",
                lastName = "Deltagare", municipality = "Botkyrka", targetGroup = "newly-arrived", permanentResidencePermit = true, consent = true, phone = "070-000 00 00",
                gender = i % 9 == 0 ? "male" : "female", bornAbroad = i % 6 != 0
            }
        }));
        return receipt.GetProperty("participantId").GetGuid();
    }

    private static async Task BorrowAsync(HttpClient advisor, HttpClient coach, HttpClient officer, HttpClient second, JsonElement curriculum,
        Guid group, Guid id, DateOnly registered, DateOnly today, Random random, ConcurrentBag<string> refused)
    {
        var decided = registered.AddDays(10);
        await Demo.Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/interview", new { interviewedOn = Demo.D(registered.AddDays(7)), drive = 5, will = 5 }));
        await Demo.Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = Demo.D(decided), networkGroupId = group }));
        var version = (await UntilAsync(coach, $"/api/enrolments/{id}")).GetProperty("version").GetInt64();

        // Each answer carries the enrolment's new version: the next command states it (no read in between).
        var day = decided;
        foreach (var module in curriculum.GetProperty("modules").EnumerateArray())
        {
            day = day.AddDays(7);
            var code = module.GetProperty("code").GetString();
            foreach (var item in module.GetProperty("items").EnumerateArray().Where(x => x.GetProperty("mandatory").GetBoolean()))
            {
                version = (await Demo.Ok(await coach.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
                    new { moduleCode = code, itemCode = item.GetProperty("code").GetString(), tickedOn = Demo.D(day), expectedVersion = version }))).GetProperty("version").GetInt64();
            }

            version = (await Demo.Ok(await coach.PostAsJsonAsync($"/api/enrolments/{id}/modules/{code}/approval",
                new { approvedOn = Demo.D(day), expectedVersion = version }))).GetProperty("version").GetInt64();
        }

        var need = 20_000m + random.Next(0, 30) * 1_000m;
        await Demo.Ok(await coach.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", new
        {
            idea = "A small catering business", productOrService = "Lunch boxes", pricing = "95 SEK a box", marketAndCompetitors = "Offices nearby",
            marketing = "Social media", companyForm = "sole-trader",
            incomeStatement = new { revenues = new[] { new { label = "Lunch boxes", unitPriceSek = 95m, quantity = 4_000m } }, costs = new[] { new { label = "Food and rent", amountSek = 290_000m } } },
            liquidityBudget = new { openingBalanceSek = 5_000m, months = new[] { new { month = 1, inflows = new[] { new { label = "Loan", amountSek = need } }, outflows = new[] { new { label = "Kitchen", amountSek = need } } } } },
            capitalNeeds = new { investments = new[] { new { label = "Kitchen", amountSek = need } }, workingCapitalSek = 0m, ownFundsSek = 0m },
            expectedVersion = version
        }));
        version = (await coach.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64();
        var planOn = day.AddDays(3);
        await Demo.Ok(await coach.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval", new { approvedOn = Demo.D(planOn), expectedVersion = version }));
        await UntilAsync(officer, $"/api/credit-files/{id}");

        var loanId = Guid.NewGuid();
        var applied = await officer.PostAsJsonAsync("/api/loans", new { loanId, participantId = id, productCode = "micro", amountSek = need, termMonths = 24, appliedOn = Demo.D(planOn.AddDays(2)) });
        if (!applied.IsSuccessStatusCode)
        {
            refused.Add(await applied.Content.ReadAsStringAsync());
            return;
        }

        await Demo.Ok(await second.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = Demo.D(planOn.AddDays(4)) }));
        var disbursed = await Demo.Ok(await second.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = Demo.D(planOn.AddDays(6)) }));
        var stopsAfter = random.NextDouble() < 0.2 ? random.Next(1, 4) : int.MaxValue;
        var paid = 0;
        foreach (var instalment in disbursed.GetProperty("schedules")[0].GetProperty("instalments").EnumerateArray())
        {
            var due = DateOnly.Parse(instalment.GetProperty("dueOn").GetString()!, CultureInfo.InvariantCulture);
            if (due > today || paid >= stopsAfter)
            {
                break;
            }

            var total = instalment.GetProperty("principalSek").GetDecimal() + instalment.GetProperty("interestSek").GetDecimal() + instalment.GetProperty("feesSek").GetDecimal();
            await Demo.Ok(await officer.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = $"BG-{loanId:N}-{++paid}", amountSek = total, paidOn = Demo.D(due) }));
        }
    }

    private static async Task<JsonElement> UntilAsync(HttpClient client, string path)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var response = await client.GetAsync(path);
            if (response.IsSuccessStatusCode)
            {
                return await Demo.Ok(response);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{client.BaseAddress}{path} did not appear within 60 s.");
    }
}
