using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Participant.PersonalData;

namespace NeemPlatform.DemoData;

/// <summary>
/// Fills a local run with a realistic programme through the services' own APIs (nothing is written to the
/// database directly): participants over the last three years, selected into network groups, coached through
/// every module, some with a business plan and a micro-loan repaid month by month (a few late), and their
/// next steps in life. Then prints the indicators against the targets.
///   dotnet run --project tests/NeemPlatform.DemoData -- [--participants 60] [--seed 7] [--participant-url http://localhost:5101] ...
/// With --at-scale, a region the size of the portal benchmark instead (see <see cref="AtScale"/>).
/// The region is the one the running instance serves (a local run is one regional platform).
/// </summary>
public static class Demo
{

    /// <summary>Where each region lives when the whole programme runs on one machine, and some of its municipalities.</summary>
    private static readonly (string Region, int PortBase, string[] Municipalities)[] Programme =
    [
        ("stockholm", 5100, ["Botkyrka", "Huddinge", "Södertälje", "Stockholm", "Järfälla"]),
        ("vasteras", 5200, ["Västerås", "Köping", "Sala", "Hallstahammar"]),
        ("orebro", 5300, ["Örebro", "Kumla", "Karlskoga", "Lindesberg"])
    ];

    public static async Task<int> Main(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var count = int.Parse(Option("--participants", "60"), CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(Option("--seed", "7"), CultureInfo.InvariantCulture));
        if (args.Contains("--programme"))
        {
            return await NationalProgramme.FillAsync(Programme, count, random, new Uri(Option("--gateway-url", "http://localhost:5405")),
                new Uri(Option("--national-url", "http://localhost:5404")), Option("--gateway-partners-file", NationalProgramme.DefaultPartnersFile()));
        }

        var urls = new Dictionary<string, Uri>
        {
            ["participant"] = new(Option("--participant-url", "http://localhost:5101")),
            ["coaching"] = new(Option("--coaching-url", "http://localhost:5102")),
            ["lending"] = new(Option("--lending-url", "http://localhost:5103")),
            ["impact"] = new(Option("--impact-url", "http://localhost:5104")),
        };
        if (args.Contains("--at-scale"))
        {
            return await AtScale.FillAsync(urls, int.Parse(Option("--participants", "10000"), CultureInfo.InvariantCulture),
                int.Parse(Option("--borrowers", "2000"), CultureInfo.InvariantCulture), int.Parse(Option("--parallel", "8"), CultureInfo.InvariantCulture));
        }

        await RegionAsync(urls, count, random, ["Botkyrka"]);
        return 0;
    }

    /// <summary>The service addresses of a platform whose ports start at <paramref name="portBase"/>.</summary>
    public static Dictionary<string, Uri> At(int portBase) => new()
    {
        ["participant"] = new($"http://localhost:{portBase + 1}"),
        ["coaching"] = new($"http://localhost:{portBase + 2}"),
        ["lending"] = new($"http://localhost:{portBase + 3}"),
        ["impact"] = new($"http://localhost:{portBase + 4}"),
    };

    /// <summary>Fills one regional platform with its participants' three years, then prints its indicators.</summary>
    public static async Task RegionAsync(Dictionary<string, Uri> urls, int count, Random random, string[] municipalities)
    {
        using var anonymous = new HttpClient { BaseAddress = urls["participant"] };
        var region = (await anonymous.GetFromJsonAsync<JsonElement>("/api/info")).GetProperty("region").GetString()!;
        async Task<HttpClient> As(string service, string role, string subject)
        {
            var token = await Ok(await anonymous.PostAsJsonAsync("/dev/tokens", new { subject, role, region }));
            var client = new HttpClient { BaseAddress = urls[service] };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
            return client;
        }

        var advisor = await As("participant", "advisor", "demo-advisor");
        var manager = await As("participant", "region-manager", "demo-manager");
        var coach = await As("coaching", "advisor", "demo-advisor");
        var officer = await As("lending", "loan-officer", "demo-officer-1");
        var second = await As("lending", "loan-officer", "demo-officer-2");
        var lendingManager = await As("lending", "region-manager", "demo-manager");
        var impact = await As("impact", "region-manager", "demo-manager");

        var today = NeemPlatform.Hosting.SwedishTime.DateOf(DateTimeOffset.UtcNow);
        var start = today.AddYears(-3);
        Console.WriteLine($"Region {region}: {count} participants from {start:yyyy-MM-dd}");
        await Ok(await manager.PostAsJsonAsync("/api/network-groups", new { name = $"{region} network group", formedOn = D(start), capacity = 60 }));
        await Ok(await lendingManager.PutAsJsonAsync("/api/loan-products/micro", new
        {
            name = "Mikrolån",
            minAmountSek = 5_000m,
            maxAmountSek = 100_000m,
            nominalAnnualRatePercent = 8m,
            setUpFeeSek = 300m,
            monthlyFeeSek = 20m,
            minTermMonths = 6,
            maxTermMonths = 36,
            amortisation = "annuity",
            maxInstalmentShareOfSurplus = 0.8m,
            graceType = "interest-only",
            maxGraceMonths = 3
        }));

        var curriculum = await coach.GetFromJsonAsync<JsonElement>("/api/curriculum");
        for (var i = 0; i < count; i++)
        {
            var registered = start.AddDays(i * (900 / Math.Max(1, count)) + random.Next(0, 10));
            var municipality = municipalities[random.Next(municipalities.Length)];
            var id = await RegisterAsync(advisor, random, registered, i, municipality);
            await Ok(await advisor.PutAsJsonAsync($"/api/participants/{id}/profile", new
            {
                gender = random.NextDouble() < 0.88 ? "female" : "male",
                bornAbroad = random.NextDouble() < 0.85,
                parentBornAbroad = random.NextDouble() < 0.6,
                educationLevel = new[] { "primary", "secondary", "post-secondary", "university" }[random.Next(4)],
                languages = new[] { "arabic", "swedish" },
                municipality,
                familyInvolvedInBusinessIdea = random.NextDouble() < 0.4,
                languageTrainingNeed = new[] { "none", "basic", "intermediate" }[random.Next(3)]
            }));
            var decided = registered.AddDays(14);
            await Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/interview", new { interviewedOn = D(registered.AddDays(10)), drive = random.Next(3, 6), will = random.Next(3, 6) }));
            if (random.NextDouble() < 0.08)
            {
                await Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "not-selected", decidedOn = D(decided), reason = "declined" }));
                continue;
            }

            await Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = D(decided) }));
            await Until(coach, $"/api/enrolments/{id}");
            var coachedUntil = await CoachAsync(coach, curriculum, id, decided, today, random);
            var borrows = coachedUntil is not null && random.NextDouble() < 0.25;
            if (borrows)
            {
                await LendAsync(coach, officer, second, id, coachedUntil!.Value, today, random);
            }

            var outcomeOn = decided.AddDays(170 + random.Next(0, 60));
            if (outcomeOn > today)
            {
                continue; // still in the programme
            }

            var roll = random.NextDouble();
            var outcome = borrows || roll < 0.04 ? "started-company" : roll < 0.38 ? "employment" : roll < 0.50 ? "studies" : roll < 0.56 ? "internship" : null;
            if (outcome is not null)
            {
                await Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/outcomes", outcome == "started-company"
                    ? new { outcome, outcomeOn = D(outcomeOn), company = new { organisationNumber = OrganisationNumber(random), companyForm = random.NextDouble() < 0.2 ? "economic-association" : "sole-trader", startedOn = D(outcomeOn), socialEnterprise = random.NextDouble() < 0.12 } }
                    : (object)new { outcome, outcomeOn = D(outcomeOn) }));
            }

            var exitOn = outcomeOn.AddDays(20);
            if (exitOn <= today)
            {
                await Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/exit", new { exitedOn = D(exitOn), reason = outcome is null ? "dropped-out" : "completed" }));
                var status = outcome switch { "started-company" => "own-company", null => "job-seeking", _ => outcome };
                foreach (var (point, months) in new[] { ("at-exit", 0), ("six-months", 6), ("twelve-months", 12) })
                {
                    var followUp = exitOn.AddMonths(months);
                    if (followUp <= today && random.NextDouble() < 0.9)
                    {
                        await Ok(await advisor.PostAsJsonAsync($"/api/participants/{id}/follow-ups", new { point, status, followedUpOn = D(followUp) }));
                    }
                }
            }

            if ((i + 1) % 10 == 0)
            {
                Console.WriteLine($"  {i + 1} participants");
            }
        }

        await Ok(await lendingManager.PostAsJsonAsync("/api/arrears/evaluations", new { asOf = D(today) }));
        await Task.Delay(TimeSpan.FromSeconds(3)); // the last messages reach the MIS
        PrintIndicators(await impact.GetFromJsonAsync<JsonElement>("/api/indicators"));
    }

    public static void PrintIndicators(JsonElement indicators)
    {
        foreach (var set in indicators.GetProperty("regions").EnumerateArray().Append(indicators.GetProperty("total")))
        {
            Console.WriteLine($"\n{set.GetProperty("scope").GetString()}:");
            foreach (var indicator in set.GetProperty("indicators").EnumerateArray())
            {
                var status = indicator.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? $"  target: {s.GetString()}" : "";
                Console.WriteLine($"  {indicator.GetProperty("name").GetString(),-42} {indicator.GetProperty("value")}{status}");
            }
        }
    }

    public static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<Guid> RegisterAsync(HttpClient advisor, Random random, DateOnly registered, int i, string municipality)
    {
        var birth = new DateOnly(1965, 1, 1).AddDays(random.Next(0, 12_000));
        var nine = $"{birth.Year % 100:D2}{birth.Month:D2}{birth.Day:D2}{random.Next(1, 999):D3}";
        var number = $"{birth.Year / 100:D2}{nine}{SwedishIdentityNumber.LuhnCheckDigit(nine)}";
        var receipt = await Ok(await advisor.PostAsJsonAsync("/api/participants", new
        {
            source = new[] { "information-workshop", "recommendation", "word-of-mouth", "walk-in" }[random.Next(4)],
            registeredOn = D(registered),
            person = new
            {
                personalIdentityNumber = number,
                firstName = $"Demo{i}",
                lastName = "Deltagare",
                municipality,
                targetGroup = new[] { "job-guarantee-phase-1", "job-guarantee-phase-2", "newly-arrived" }[random.Next(3)],
                permanentResidencePermit = true,
                consent = true,
                phone = "070-000 00 00"
            }
        }));
        return receipt.GetProperty("participantId").GetGuid();
    }

    /// <summary>Sessions and every checklist in order, as far as the calendar allows; the date coaching completed, if it did.</summary>
    private static async Task<DateOnly?> CoachAsync(HttpClient coach, JsonElement curriculum, Guid id, DateOnly from, DateOnly today, Random random)
    {
        async Task<long> Version() => (await coach.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64();
        var day = from;
        foreach (var module in curriculum.GetProperty("modules").EnumerateArray())
        {
            day = day.AddDays(12 + random.Next(0, 6));
            if (day > today)
            {
                return null;
            }

            var session = await Ok(await coach.PostAsJsonAsync("/api/sessions", new { kind = "individual", on = D(day), hours = 2m, participantIds = new[] { id } }));
            await Ok(await coach.PostAsJsonAsync($"/api/sessions/{session.GetProperty("id").GetGuid()}/attendance",
                new { entries = new[] { new { participantId = id, status = random.NextDouble() < 0.88 ? "present" : "absent" } } }));
            var code = module.GetProperty("code").GetString();
            foreach (var item in module.GetProperty("items").EnumerateArray().Where(x => x.GetProperty("mandatory").GetBoolean()))
            {
                await Ok(await coach.PostAsJsonAsync($"/api/enrolments/{id}/checklist/ticks",
                    new { moduleCode = code, itemCode = item.GetProperty("code").GetString(), tickedOn = D(day), expectedVersion = await Version() }));
            }

            await Ok(await coach.PostAsJsonAsync($"/api/enrolments/{id}/modules/{code}/approval", new { approvedOn = D(day), expectedVersion = await Version() }));
        }

        return day;
    }

    private static async Task LendAsync(HttpClient coach, HttpClient officer, HttpClient second, Guid id, DateOnly from, DateOnly today, Random random)
    {
        var need = 20_000m + random.Next(0, 50) * 1_000m;
        await Ok(await coach.PutAsJsonAsync($"/api/enrolments/{id}/business-plan", new
        {
            idea = "A small catering business",
            productOrService = "Lunch boxes",
            pricing = "95 SEK a box",
            marketAndCompetitors = "Offices nearby",
            marketing = "Social media",
            companyForm = "sole-trader",
            incomeStatement = new { revenues = new[] { new { label = "Lunch boxes", unitPriceSek = 95m, quantity = 4_000m } }, costs = new[] { new { label = "Food and rent", amountSek = 290_000m } } },
            liquidityBudget = new { openingBalanceSek = 5_000m, months = new[] { new { month = 1, inflows = new[] { new { label = "Loan", amountSek = need } }, outflows = new[] { new { label = "Kitchen", amountSek = need } } } } },
            capitalNeeds = new { investments = new[] { new { label = "Kitchen", amountSek = need } }, workingCapitalSek = 0m, ownFundsSek = 0m },
            expectedVersion = (await coach.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64()
        }));
        var planOn = from.AddDays(3);
        if (planOn > today)
        {
            return;
        }

        await Ok(await coach.PostAsJsonAsync($"/api/enrolments/{id}/business-plan/approval",
            new { approvedOn = D(planOn), expectedVersion = (await coach.GetFromJsonAsync<JsonElement>($"/api/enrolments/{id}")).GetProperty("version").GetInt64() }));
        await Until(officer, $"/api/credit-files/{id}");
        var loanId = Guid.NewGuid();
        var amount = Math.Min(need, 40_000m);
        var applied = await officer.PostAsJsonAsync("/api/loans", new { loanId, participantId = id, productCode = "micro", amountSek = amount, termMonths = 24, appliedOn = D(planOn.AddDays(5)) });
        if (!applied.IsSuccessStatusCode)
        {
            return; // refused as over-indebting: responsible lending at work
        }

        await Ok(await second.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = D(planOn.AddDays(7)) }));
        var disbursed = await Ok(await second.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = D(planOn.AddDays(10)) }));
        var late = random.NextDouble() < 0.15;
        var reference = 0;
        foreach (var instalment in disbursed.GetProperty("schedules")[0].GetProperty("instalments").EnumerateArray())
        {
            var due = DateOnly.Parse(instalment.GetProperty("dueOn").GetString()!, CultureInfo.InvariantCulture);
            var paidOn = late && reference > 6 ? due.AddDays(45) : due;
            if (paidOn > today || (late && reference > 12))
            {
                break;
            }

            var total = instalment.GetProperty("principalSek").GetDecimal() + instalment.GetProperty("interestSek").GetDecimal() + instalment.GetProperty("feesSek").GetDecimal();
            await Ok(await officer.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = $"BG-{loanId:N}-{++reference}", amountSek = total, paidOn = D(paidOn) }));
        }
    }

    private static string OrganisationNumber(Random random)
    {
        var nine = $"556{random.Next(0, 1_000_000):D6}"; // a limited company: third digit 2 or more
        return $"{nine[..6]}-{nine[6..]}{SwedishIdentityNumber.LuhnCheckDigit(nine)}";
    }

    private static async Task Until(HttpClient client, string path)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if ((await client.GetAsync(path)).IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{client.BaseAddress}{path} did not appear within 30 s.");
    }

    public static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
