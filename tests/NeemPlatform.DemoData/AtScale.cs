using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using NeemPlatform.Clients.Coaching;
using NeemPlatform.Clients.Lending;
using NeemPlatform.Clients.Participant;
using NeemPlatform.Participant.PersonalData;
using Co = NeemPlatform.Clients.Coaching.Models;
using Le = NeemPlatform.Clients.Lending.Models;
using Pa = NeemPlatform.Clients.Participant.Models;

namespace NeemPlatform.DemoData;

/// <summary>
/// A region at the size the portal must carry, for the portal benchmark: many participants at the start of the journey and a
/// loan book, put there through the services' own APIs, several at a time.
///   dotnet run -c Release --project tests/NeemPlatform.DemoData -- --at-scale [--participants 10000] [--borrowers 2000] [--parallel 8]
/// Every borrower goes the whole way (selected into a network group, every mandatory checklist item ticked and each module approved,
/// a business plan approved, a loan applied for, approved by a second officer and paid out some months ago); four in five of them
/// pay every instalment due, the rest stop paying after a few (the arrears worklist). The others are registered, most of them
/// interviewed, some not selected: the lists an advisor searches. Every call goes through the clients generated from the
/// published contracts (NeemPlatform.Clients), as the portal's do.
/// </summary>
public static class AtScale
{
    public static async Task<int> FillAsync(Dictionary<string, Uri> urls, int count, int borrowers, int parallel)
    {
        using var anonymous = new HttpClient { BaseAddress = urls["participant"] };
        var region = (await anonymous.GetFromJsonAsync<JsonElement>("/api/info")).GetProperty("region").GetString()!;
        async Task<HttpClientRequestAdapter> As(string service, string role, string subject)
        {
            var token = await Demo.Ok(await anonymous.PostAsJsonAsync("/dev/tokens", new { subject, role, region }));
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel * 2 }) { BaseAddress = urls[service], Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
            return new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = urls[service].ToString().TrimEnd('/') };
        }

        var advisor = new ParticipantClient(await As("participant", "advisor", "scale-advisor"));
        var manager = new ParticipantClient(await As("participant", "region-manager", "scale-manager"));
        var coach = new CoachingClient(await As("coaching", "advisor", "scale-advisor"));
        var officer = new LendingClient(await As("lending", "loan-officer", "scale-officer-1"));
        var second = new LendingClient(await As("lending", "loan-officer", "scale-officer-2"));
        var lendingManager = new LendingClient(await As("lending", "region-manager", "scale-manager"));
        await lendingManager.Api.LoanProducts["micro"].PutAsync(new Le.DefineProduct
        {
            Name = "Mikrolån",
            MinAmountSek = 5_000m,
            MaxAmountSek = 100_000m,
            NominalAnnualRatePercent = 8m,
            SetUpFeeSek = 300m,
            MonthlyFeeSek = 20m,
            MinTermMonths = 6,
            MaxTermMonths = 36,
            Amortisation = Le.DefineProduct_amortisation.Annuity,
            MaxInstalmentShareOfSurplus = 0.8m,
            GraceType = Le.DefineProduct_graceType.InterestOnly,
            MaxGraceMonths = 3
        });
        var curriculum = (await coach.Api.Curriculum.GetAsync())!;
        var today = NeemPlatform.Hosting.SwedishTime.DateOf(DateTimeOffset.UtcNow);

        // Network groups of 60 for the borrowers (a selection beyond a group's places waits instead of starting).
        var groups = new List<Guid>();
        for (var g = 0; g < (borrowers + 49) / 50; g++)
        {
            var group = await manager.Api.NetworkGroups.PostAsync(new Pa.FormNetworkGroup { Name = $"Skala {g + 1}", FormedOn = Day(today.AddYears(-2)), Capacity = 60 });
            groups.Add(group!.Id!.Value);
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
                await advisor.Api.Participants[id].Interview.PostAsync(
                    new Pa.InterviewParticipant { InterviewedOn = Day(registered.AddDays(7)), Drive = random.Next(2, 6), Will = random.Next(2, 6) }, cancellationToken: ct);
                if (i % 7 == 0)
                {
                    await advisor.Api.Participants[id].Decision.PostAsync(new Pa.DecideSelection
                    {
                        Decision = Pa.DecideSelection_decision.NotSelected,
                        DecidedOn = Day(registered.AddDays(10)),
                        Reason = Pa.DecideSelection_reason.Declined
                    }, cancellationToken: ct);
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

    private static Date Day(DateOnly day) => new(day.Year, day.Month, day.Day);

    /// <summary>A unique, valid number for the i:th person (birth date and serial from i: no two alike).</summary>
    private static async Task<Guid> RegisterAsync(ParticipantClient advisor, int i, DateOnly registered)
    {
        var birth = new DateOnly(1965, 1, 1).AddDays(i % 12_000);
        var nine = $"{birth.Year % 100:D2}{birth.Month:D2}{birth.Day:D2}{i / 12_000 + 1:D3}";
        var receipt = await advisor.Api.Participants.PostAsync(new Pa.RegisterParticipant
        {
            Source = (Pa.RegisterParticipant_source)(i % 4),
            RegisteredOn = Day(registered),
            Person = new Pa.ReferralRequest
            {
                PersonalIdentityNumber = $"{birth.Year / 100:D2}{nine}{SwedishIdentityNumber.LuhnCheckDigit(nine)}",
                FirstName = $"Skala{i}",
                LastName = "Deltagare",
                Municipality = "Botkyrka",
                TargetGroup = Pa.ReferralRequest_targetGroup.NewlyArrived,
                PermanentResidencePermit = true,
                Consent = true,
                Phone = "070-000 00 00",
                Gender = i % 9 == 0 ? Pa.ReferralRequest_gender.Male : Pa.ReferralRequest_gender.Female,
                BornAbroad = i % 6 != 0
            }
        });
        return receipt!.ParticipantId!.Value;
    }

    private static async Task BorrowAsync(ParticipantClient advisor, CoachingClient coach, LendingClient officer, LendingClient second,
        Co.CurriculumVersion curriculum, Guid group, Guid id, DateOnly registered, DateOnly today, Random random, ConcurrentBag<string> refused)
    {
        var decided = registered.AddDays(10);
        await advisor.Api.Participants[id].Interview.PostAsync(new Pa.InterviewParticipant { InterviewedOn = Day(registered.AddDays(7)), Drive = 5, Will = 5 });
        await advisor.Api.Participants[id].Decision.PostAsync(new Pa.DecideSelection
        {
            Decision = Pa.DecideSelection_decision.Selected,
            DecidedOn = Day(decided),
            NetworkGroupId = group
        });
        var version = (await UntilAsync(() => coach.Api.Enrolments[id].GetAsync())).Version;

        // Each answer carries the enrolment's new version: the next command states it (no read in between).
        var day = decided;
        foreach (var module in curriculum.Modules ?? [])
        {
            day = day.AddDays(7);
            foreach (var item in (module.Items ?? []).Where(x => x.Mandatory == true))
            {
                version = (await coach.Api.Enrolments[id].Checklist.Ticks.PostAsync(new Co.TickItem
                {
                    ModuleCode = module.Code,
                    ItemCode = item.Code,
                    TickedOn = Day(day),
                    ExpectedVersion = version
                }))!.Version;
            }

            version = (await coach.Api.Enrolments[id].Modules[module.Code!].Approval.PostAsync(
                new Co.ApproveModule { ApprovedOn = Day(day), ExpectedVersion = version }))!.Version;
        }

        var need = 20_000m + random.Next(0, 30) * 1_000m;
        Co.AmountLine Line(string label, decimal amount) => new() { Label = label, AmountSek = amount };
        await coach.Api.Enrolments[id].BusinessPlan.PutAsync(new Co.DraftBusinessPlan
        {
            Idea = "A small catering business",
            ProductOrService = "Lunch boxes",
            Pricing = "95 SEK a box",
            MarketAndCompetitors = "Offices nearby",
            Marketing = "Social media",
            CompanyForm = Co.DraftBusinessPlan_companyForm.SoleTrader,
            IncomeStatement = new Co.IncomeStatement
            {
                Revenues = [new Co.RevenueLine { Label = "Lunch boxes", UnitPriceSek = 95m, Quantity = 4_000m }],
                Costs = [Line("Food and rent", 290_000m)]
            },
            LiquidityBudget = new Co.LiquidityBudget
            {
                OpeningBalanceSek = 5_000m,
                Months = [new Co.BudgetMonth { Month = 1, Inflows = [Line("Loan", need)], Outflows = [Line("Kitchen", need)] }]
            },
            CapitalNeeds = new Co.CapitalNeeds { Investments = [Line("Kitchen", need)], WorkingCapitalSek = 0m, OwnFundsSek = 0m },
            ExpectedVersion = version
        });
        version = (await coach.Api.Enrolments[id].GetAsync())!.Version;
        var planOn = day.AddDays(3);
        await coach.Api.Enrolments[id].BusinessPlan.Approval.PostAsync(new Co.ApprovePlan { ApprovedOn = Day(planOn), ExpectedVersion = version });
        await UntilAsync(() => officer.Api.CreditFiles[id].GetAsync());

        var loanId = Guid.NewGuid();
        try
        {
            await officer.Api.Loans.PostAsync(new Le.ApplyForLoan
            {
                LoanId = loanId,
                ParticipantId = id,
                ProductCode = "micro",
                AmountSek = need,
                TermMonths = 24,
                AppliedOn = Day(planOn.AddDays(2))
            });
        }
        catch (ApiException e) when (e.ResponseStatusCode == 422)
        {
            refused.Add(e.Message);
            return; // refused as over-indebting: responsible lending at work
        }

        await second.Api.Loans[loanId].Approval.PostAsync(new Le.ApproveLoan { ApprovedOn = Day(planOn.AddDays(4)) });
        var disbursed = await second.Api.Loans[loanId].Disbursement.PostAsync(new Le.DisburseLoan { DisbursedOn = Day(planOn.AddDays(6)) });
        var stopsAfter = random.NextDouble() < 0.2 ? random.Next(1, 4) : int.MaxValue;
        var paid = 0;
        foreach (var instalment in disbursed!.Schedules![0].Instalments!)
        {
            var due = new DateOnly(instalment.DueOn!.Value.Year, instalment.DueOn.Value.Month, instalment.DueOn.Value.Day);
            if (due > today || paid >= stopsAfter)
            {
                break;
            }

            await officer.Api.Loans[loanId].Repayments.PostAsync(new Le.RecordRepayment
            {
                Reference = $"BG-{loanId:N}-{++paid}",
                AmountSek = instalment.PrincipalSek + instalment.InterestSek + instalment.FeesSek,
                PaidOn = Day(due)
            });
        }
    }

    /// <summary>What another service will hold once the message reaches it (a 404 until then).</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T?>> read) where T : class
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if (await read() is { } found)
                {
                    return found;
                }
            }
            catch (ApiException e) when (e.ResponseStatusCode == 404)
            {
                // not there yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The other service did not hold it within 60 s.");
    }
}
