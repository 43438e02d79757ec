using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Portal.Tests;

/// <summary>What the browser scenarios need the services to hold before a page opens, put there through the APIs.</summary>
public static class Seeding
{
    public static readonly string Today = SwedishToday.Midnight.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A selected participant in coaching; with every module approved (through the APIs), ready for her plan.</summary>
    public static async Task<Guid> CoachedParticipantAsync(this PortalPlatform platform, bool approveModules = true, int modules = int.MaxValue,
        string lastName = "Planberg")
    {
        var manager = await platform.StaffAsync("participant", "region-manager", "manager-plan");
        await manager.PostAsJsonAsync("/api/network-groups", new { name = "Planer", formedOn = Seeding.Today, capacity = 60 });
        var advisor = await platform.StaffAsync("participant", "advisor", "advisor-plan");
        var registered = await (await advisor.PostAsJsonAsync("/api/participants", new
        {
            source = "recommendation",
            person = new
            {
                personalIdentityNumber = People.Number(new DateOnly(1982, 1, 1), 5000),
                firstName = "Fatou",
                lastName,
                municipality = "Västerås",
                targetGroup = "newly-arrived",
                permanentResidencePermit = true,
                consent = true,
                phone = "070-222 33 44",
                gender = "female",
                bornAbroad = true
            }
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = registered.GetProperty("participantId").GetGuid();
        await advisor.PostAsJsonAsync($"/api/participants/{id}/interview", new { interviewedOn = Seeding.Today, drive = 5, will = 5 });
        await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = Seeding.Today });

        var coaching = await platform.StaffAsync("coaching", "advisor", "advisor-plan");
        for (var i = 0; i < 120 && !(await coaching.GetAsync($"/api/enrolments/{id}")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(500);
        }

        if (!approveModules)
        {
            return id;
        }

        async Task<long> Version() => (await coaching.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64();
        var curriculum = await coaching.GetFromJsonAsync<JsonElement>("/api/curriculum");
        foreach (var module in curriculum.GetProperty("modules").EnumerateArray().Take(modules))
        {
            var code = module.GetProperty("code").GetString();
            foreach (var item in module.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("mandatory").GetBoolean()))
            {
                await coaching.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
                    new { moduleCode = code, itemCode = item.GetProperty("code").GetString(), tickedOn = Seeding.Today, expectedVersion = await Version() });
            }

            var approved = await coaching.PostAsJsonAsync($"/api/enrolments/{id}/modules/{code}/approval", new { approvedOn = Seeding.Today, expectedVersion = await Version() });
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }

        return id;
    }

    /// <summary>Every mandatory item of her first module ticked (through the API): the module waits for her advisor's approval.</summary>
    public static async Task TickFirstModuleAsync(this PortalPlatform platform, Guid id)
    {
        var coaching = await platform.StaffAsync("coaching", "advisor", "advisor-plan");
        var module = (await coaching.GetFromJsonAsync<JsonElement>("/api/curriculum")).GetProperty("modules")[0];
        foreach (var item in module.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("mandatory").GetBoolean()))
        {
            var version = (await coaching.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64();
            var ticked = await coaching.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks", new
            {
                moduleCode = module.GetProperty("code").GetString(),
                itemCode = item.GetProperty("code").GetString(),
                tickedOn = Today,
                expectedVersion = version
            });
            Assert.True(ticked.IsSuccessStatusCode, await ticked.Content.ReadAsStringAsync());
        }
    }

    /// <summary>A coached participant whose business plan (a 60 000 SEK need) is approved, her credit file open in Lending, and the micro product defined.</summary>
    public static async Task<Guid> BorrowerAsync(this PortalPlatform platform, string lastName = "Planberg")
    {
        var id = await platform.CoachedParticipantAsync(lastName: lastName);
        var coaching = await platform.StaffAsync("coaching", "advisor", "advisor-plan");
        async Task<long> Version() => (await coaching.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64();
        var drafted = await coaching.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", new
        {
            idea = "A small catering business",
            productOrService = "Lunch boxes",
            pricing = "95 SEK a box",
            marketAndCompetitors = "Offices nearby",
            marketing = "Social media",
            companyForm = "sole-trader",
            incomeStatement = new { revenues = new[] { new { label = "Lunch boxes", unitPriceSek = 95m, quantity = 4_000m } }, costs = new[] { new { label = "Food and rent", amountSek = 290_000m } } },
            liquidityBudget = new { openingBalanceSek = 5_000m, months = new[] { new { month = 1, inflows = new[] { new { label = "Loan", amountSek = 60_000m } }, outflows = new[] { new { label = "Kitchen", amountSek = 60_000m } } } } },
            capitalNeeds = new { investments = new[] { new { label = "Kitchen", amountSek = 60_000m } }, workingCapitalSek = 0m, ownFundsSek = 0m },
            expectedVersion = await Version()
        });
        Assert.True(drafted.IsSuccessStatusCode, await drafted.Content.ReadAsStringAsync());
        var approved = await coaching.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval", new { approvedOn = Today, expectedVersion = await Version() });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        var manager = await platform.StaffAsync("lending", "region-manager", "manager-loans");
        var product = await manager.PutAsJsonAsync("/api/loan-products/micro", new
        {
            name = "Mikrolån",
            minAmountSek = 5_000m,
            maxAmountSek = 100_000m,
            nominalAnnualRatePercent = 12m,
            setUpFeeSek = 0m,
            monthlyFeeSek = 25m,
            minTermMonths = 3,
            maxTermMonths = 36,
            amortisation = "annuity",
            maxInstalmentShareOfSurplus = 0.8m,
            graceType = "interest-only",
            maxGraceMonths = 2
        });
        Assert.True(product.IsSuccessStatusCode, await product.Content.ReadAsStringAsync());
        var officer = await platform.StaffAsync("lending", "loan-officer", "seed-officer");
        for (var i = 0; i < 120 && !(await officer.GetAsync($"/api/credit-files/{id}")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(500);
        }

        return id;
    }

    /// <summary>A partner refers a new person (its key issued by an administrator); her id and name.</summary>
    public static async Task<(Guid ParticipantId, string Name)> PartnerReferralAsync(this PortalPlatform platform)
    {
        var admin = await platform.StaffAsync("participant", "administrator", "admin-anna");
        var partner = await (await admin.PostAsJsonAsync("/api/partners", new { name = $"Arbetsförmedlingen {Guid.NewGuid():N}"[..28] }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var key = await (await admin.PostAsJsonAsync($"/api/partners/{partner.GetProperty("id").GetGuid()}/credentials", new { label = "test" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var client = platform.App.CreateHttpClient("participant");
        client.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("key").GetString());
        var lastName = "Portalsson" + Random.Shared.Next(1000, 9999);
        var number = People.Number(new DateOnly(1980, 1, 1), 7000);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals")
        {
            Content = JsonContent.Create(new
            {
                personalIdentityNumber = number,
                firstName = "Samira",
                lastName,
                municipality = "Botkyrka",
                targetGroup = "newly-arrived",
                permanentResidencePermit = true,
                consent = true,
                gender = "female",
                bornAbroad = true,
                phone = "070-123 45 67"
            })
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var answer = await client.SendAsync(request);
        Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        var receipt = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var staff = await platform.StaffAsync("participant", "advisor", "seed");
        var found = await (await staff.PostAsJsonAsync("/api/participants/search", new { name = lastName })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(Guid.Empty, receipt.GetProperty("referralId").GetGuid());
        return (found.GetProperty("participants")[0].GetProperty("id").GetGuid(), $"Samira {lastName}");
    }

    /// <summary>A coached participant in a network group, once Impact counts her (its indicators are fed through the queues).</summary>
    public static async Task SomeoneInANetworkGroupInTheMisAsync(this PortalPlatform platform)
    {
        await platform.CoachedParticipantAsync(modules: 1);
        var impact = await platform.StaffAsync("impact", "region-manager", "manager-plan");
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(500))
        {
            var report = await impact.GetFromJsonAsync<JsonElement>($"/api/indicators?asOf={Today}");
            if (report.GetProperty("total").GetProperty("indicators").EnumerateArray()
                    .Single(i => i.GetProperty("key").GetString() == "participants-in-network-groups").GetProperty("value").GetDecimal() > 0)
            {
                return;
            }
        }

        throw new TimeoutException("No participant reached a network group in Impact's indicators within 60 s.");
    }
}
