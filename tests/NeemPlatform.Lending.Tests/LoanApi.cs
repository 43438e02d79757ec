using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Lending.Tests;

/// <summary>Loans through the HTTP API on a real PostgreSQL: products, decisions with four eyes, payments, arrears, statements.</summary>
public class when_loan_officers_lend(LendingService service) : IClassFixture<LendingService>
{
    private readonly HttpClient _olle = service.StaffClient("loan-officer", subject: "olle");
    private readonly HttpClient _karin = service.StaffClient("loan-officer", subject: "karin");

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private Task<long> ContactsStoredAsync(Guid loanId) => TransportTables.CountAsync(service.ConnectionString,
        $"select count(*) from {service.Service}.mt_events where stream_id = '{loanId}' and type = 'borrower_contacted'");

    private async Task ProductAsync() =>
        await Ok(await service.StaffClient("region-manager").PutAsJsonAsync("/api/loan-products/micro", new
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
        }));

    /// <summary>A participant whose approved plan needs 50 000 SEK with a monthly surplus of 4 000 SEK.</summary>
    private async Task<Guid> BorrowerAsync(decimal need = 50_000m, decimal surplus = 4_000m)
    {
        await ProductAsync();
        var id = Guid.NewGuid();
        await service.ThroughQueuesAsync(new BusinessPlanApproved(Guid.NewGuid(), id, "stockholm", need, surplus, new DateOnly(2026, 1, 10), DateTimeOffset.UtcNow));
        return id;
    }

    private async Task<Guid> DisbursedAsync(decimal amount = 10_000m, int term = 6)
    {
        var participant = await BorrowerAsync();
        var loanId = Guid.NewGuid();
        await Ok(await _olle.PostAsJsonAsync("/api/loans", new { loanId, participantId = participant, productCode = "micro", amountSek = amount, termMonths = term, appliedOn = "2026-01-20" }));
        await Ok(await _karin.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = "2026-01-25" }));
        await Ok(await _karin.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = "2026-01-31" }));
        return loanId;
    }

    [Fact]
    public async Task the_reminder_job_run_three_times_sends_one_reminder_per_rule_and_instalment()
    {
        var loanId = await DisbursedAsync(); // first instalment due 2026-02-28; the product reminds 3 days before, 5 and 15 days late
        Task<long> RemindersAsync(string rule) => TransportTables.CountAsync(service.ConnectionString,
            $"select count(*) from neem_queues.wolverine_queue_participant where message_type = 'neem.lending.repayment-reminder-due.v1' " +
            $"and encode(body, 'escape') like '%{loanId}%' and encode(body, 'escape') like '%\"{rule}\"%'");
        async Task RunThriceAsync(string asOf)
        {
            for (var run = 0; run < 3; run++)
            {
                await Ok(await _olle.PostAsJsonAsync("/api/reminders/runs", new { asOf }));
            }
        }

        await RunThriceAsync("2026-02-24"); // before the window: nothing
        var early = await RemindersAsync("before-3");
        await RunThriceAsync("2026-02-26");
        await RunThriceAsync("2026-02-27");
        await RunThriceAsync("2026-03-06"); // 6 days late
        await RunThriceAsync("2026-03-16"); // 16 days late: the 15-day reminder, and no second 5-day one

        Assert.Equal(0, early);
        Assert.Equal(1, await RemindersAsync("before-3"));
        Assert.Equal(1, await RemindersAsync("late-5"));
        Assert.Equal(1, await RemindersAsync("late-15"));

        // Paid in full, the second instalment is not reminded of.
        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "OCR-REMINDERS", amountSek = 3_600m, paidOn = "2026-03-20" }));
        await RunThriceAsync("2026-03-29");
        Assert.Equal(1, await RemindersAsync("before-3"));
    }

    [Fact]
    public async Task the_desk_lists_loans_by_status_and_officer_and_what_waits_for_a_second_officer()
    {
        var disbursed = await DisbursedAsync();
        var participant = await BorrowerAsync();
        var bert = service.StaffClient("loan-officer", subject: "bert");
        async Task<JsonElement> FileAsync() => (await Ok(await bert.GetAsync("/api/credit-files?pageSize=200"))).GetProperty("creditFiles")
            .EnumerateArray().Single(f => f.GetProperty("participantId").GetGuid() == participant);
        var before = await FileAsync();
        var applied = Guid.NewGuid();
        await Ok(await _olle.PostAsJsonAsync("/api/loans", new { loanId = applied, participantId = participant, productCode = "micro", amountSek = 8_000m, termMonths = 6, appliedOn = "2026-02-01" }));

        // Her credit file is where the application started: its limit and capacity, and now one open loan.
        Assert.Equal((50_000m, 4_000m, 0), (before.GetProperty("financingLimitSek").GetDecimal(), before.GetProperty("expectedMonthlySurplusSek").GetDecimal(),
            before.GetProperty("openLoans").GetInt32()));
        Assert.Equal(1, (await FileAsync()).GetProperty("openLoans").GetInt32());

        var waiting = await Ok(await bert.GetAsync("/api/loans?awaitingSecondOfficer=true&pageSize=200"));
        var active = await Ok(await bert.GetAsync("/api/loans?status=active&pageSize=200"));
        var karins = await Ok(await bert.GetAsync("/api/loans?officer=karin&pageSize=200"));

        var line = waiting.GetProperty("loans").EnumerateArray().Single(l => l.GetProperty("loanId").GetGuid() == applied);
        Assert.Equal(("application", "olle"), (line.GetProperty("awaitingSecondOfficer").GetString(), line.GetProperty("awaitingFrom").GetString()));
        Assert.DoesNotContain(waiting.GetProperty("loans").EnumerateArray(), l => l.GetProperty("loanId").GetGuid() == disbursed);
        Assert.All(active.GetProperty("loans").EnumerateArray(), l => Assert.Equal("active", l.GetProperty("status").GetString()));
        Assert.Contains(active.GetProperty("loans").EnumerateArray(), l => l.GetProperty("loanId").GetGuid() == disbursed);
        Assert.Contains(karins.GetProperty("loans").EnumerateArray(), l => l.GetProperty("loanId").GetGuid() == disbursed);
        Assert.DoesNotContain(karins.GetProperty("loans").EnumerateArray(), l => l.GetProperty("loanId").GetGuid() == applied);
        Assert.Equal(HttpStatusCode.BadRequest, (await bert.GetAsync("/api/loans?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.StaffClient("advisor").GetAsync("/api/loans")).StatusCode);
    }

    [Fact]
    public async Task the_arrears_worklist_on_a_date_lists_the_late_loans_longest_overdue_first()
    {
        var unpaid = await DisbursedAsync();
        var paying = await DisbursedAsync();
        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{paying}/repayments", new { reference = "BG-ON-TIME", amountSek = 1_750.48m, paidOn = "2026-02-27" }));

        var worklist = await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-04-15"));
        var before = await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-02-27"));

        var lines = worklist.GetProperty("loans").EnumerateArray().ToList();
        var late = lines.Single(l => l.GetProperty("loanId").GetGuid() == unpaid);
        Assert.Equal((46, "31-60"), (late.GetProperty("daysPastDue").GetInt32(), late.GetProperty("bucket").GetString())); // due 28 February
        Assert.Equal(1, late.GetProperty("oldestUnpaidInstalment").GetInt32());
        var days = lines.Select(l => l.GetProperty("daysPastDue").GetInt32()).ToList();
        Assert.Equal(days.OrderDescending(), days);
        Assert.Contains(lines, l => l.GetProperty("loanId").GetGuid() == paying); // paid February only: March is late by April
        Assert.True(lines.Single(l => l.GetProperty("loanId").GetGuid() == paying).GetProperty("daysPastDue").GetInt32() < 46);
        Assert.DoesNotContain(before.GetProperty("loans").EnumerateArray(), l => l.GetProperty("loanId").GetGuid() == unpaid);
    }

    [Fact]
    public async Task a_date_before_a_late_payment_still_shows_the_loan_late_in_the_worklist_and_the_portfolio()
    {
        var signe = service.StaffClient("loan-officer", subject: "signe");
        var participant = await BorrowerAsync();
        var loanId = Guid.NewGuid();
        await Ok(await signe.PostAsJsonAsync("/api/loans", new { loanId, participantId = participant, productCode = "micro", amountSek = 10_000m, termMonths = 6, appliedOn = "2026-01-20" }));
        await Ok(await _karin.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = "2026-01-25" }));
        await Ok(await _karin.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = "2026-01-31" }));
        // The February instalment (due 28 February) is paid on 20 March: late for 20 days, then current until 31 March.
        await Ok(await signe.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "BG-LATE-1", amountSek = 1_750.48m, paidOn = "2026-03-20" }));

        async Task<JsonElement?> LineOn(string day) => (await Ok(await signe.GetAsync($"/api/arrears?asOf={day}"))).GetProperty("loans").EnumerateArray()
            .Where(l => l.GetProperty("loanId").GetGuid() == loanId).Select(l => (JsonElement?)l).SingleOrDefault();
        async Task<decimal> Par1On(string day) => (await signe.GetFromJsonAsync<JsonElement>($"/api/portfolio?asOf={day}")).GetProperty("byLoanOfficer")
            .EnumerateArray().Single(g => g.GetProperty("group").GetString() == "signe").GetProperty("par1Sek").GetDecimal();

        Assert.Equal(15, (await LineOn("2026-03-15"))?.GetProperty("daysPastDue").GetInt32());
        Assert.Null(await LineOn("2026-03-21"));
        Assert.Equal(19, (await LineOn("2026-04-19"))?.GetProperty("daysPastDue").GetInt32()); // March's, due 31 March
        Assert.Equal(10_000m, await Par1On("2026-03-15"));
        Assert.Equal(0m, await Par1On("2026-03-21"));
    }

    [Fact]
    public async Task a_loan_stored_before_standings_were_kept_is_read_whole_until_the_backfill_stores_its_standing()
    {
        var late = await DisbursedAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(service.ConnectionString))
        {
            await connection.OpenAsync();
            await using var strip = new Npgsql.NpgsqlCommand($"update {service.Service}.mt_doc_loan set data = data - 'standing' where id = @id", connection);
            strip.Parameters.AddWithValue("id", late);
            Assert.Equal(1, await strip.ExecuteNonQueryAsync());
        }

        var withoutStanding = (await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-04-15"))).GetProperty("loans").EnumerateArray()
            .Single(l => l.GetProperty("loanId").GetGuid() == late);
        var backfill = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<NeemPlatform.Lending.Loans.Arrears.StandingBackfill>(
            service.Host.Services);
        await backfill.StartAsync(CancellationToken.None);
        await backfill.ExecuteTask!;

        Assert.Equal(46, withoutStanding.GetProperty("daysPastDue").GetInt32());
        Assert.Equal(0, await TransportTables.CountAsync(service.ConnectionString,
            $"select count(*) from {service.Service}.mt_doc_loan where not data ? 'standing'"));
        Assert.Equal(46, (await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-04-15"))).GetProperty("loans").EnumerateArray()
            .Single(l => l.GetProperty("loanId").GetGuid() == late).GetProperty("daysPastDue").GetInt32());
        Assert.Equal(2L + 1, await service.EventsInStreamAsync(late)); // applied, approved, disbursed: the backfill appends nothing
    }

    [Fact]
    public async Task the_arrears_worklist_is_paged_on_the_server_in_its_order_and_says_how_many_are_late()
    {
        await DisbursedAsync();
        await DisbursedAsync();
        await DisbursedAsync();

        var all = await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-04-15"));
        var first = await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-04-15&page=1&pageSize=2"));
        var second = await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-04-15&page=2&pageSize=2"));
        var tooBig = await _olle.GetAsync("/api/arrears?pageSize=201");

        var ids = all.GetProperty("loans").EnumerateArray().Select(l => l.GetProperty("loanId").GetGuid()).ToList();
        Assert.True(ids.Count >= 3);
        Assert.Equal(ids.Count, first.GetProperty("total").GetInt32());
        Assert.Equal(ids.Take(4), first.GetProperty("loans").EnumerateArray().Concat(second.GetProperty("loans").EnumerateArray())
            .Select(l => l.GetProperty("loanId").GetGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
    }

    [Fact]
    public async Task a_contact_with_the_borrower_is_recorded_once_and_the_arrears_worklist_shows_the_last_one_as_of_its_date()
    {
        var late = await DisbursedAsync();
        var call = new { contactId = Guid.NewGuid(), channel = "phone", outcome = "no-answer", contactedOn = "2026-03-10" };
        var promise = new { contactId = Guid.NewGuid(), channel = "sms", outcome = "promise-to-pay", contactedOn = "2026-03-20", promisedOn = "2026-03-25" };

        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{late}/contacts", promise));
        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{late}/contacts", call));
        var again = await Ok(await _karin.PostAsJsonAsync($"/api/loans/{late}/contacts", call)); // a retry of the same contact

        Assert.Equal(2, again.GetProperty("contacts").GetArrayLength());
        Assert.Equal(2, await ContactsStoredAsync(late));
        Assert.Equal("olle", again.GetProperty("contacts")[1].GetProperty("contactedBy").GetString());
        var april = (await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-04-15"))).GetProperty("loans").EnumerateArray()
            .Single(l => l.GetProperty("loanId").GetGuid() == late).GetProperty("lastContact");
        var mid = (await Ok(await _olle.GetAsync("/api/arrears?asOf=2026-03-15"))).GetProperty("loans").EnumerateArray()
            .Single(l => l.GetProperty("loanId").GetGuid() == late).GetProperty("lastContact");
        Assert.Equal(("promise-to-pay", "2026-03-25"), (april.GetProperty("outcome").GetString(), april.GetProperty("promisedOn").GetString()));
        Assert.Equal(("no-answer", "2026-03-10"), (mid.GetProperty("outcome").GetString(), mid.GetProperty("contactedOn").GetString()));
    }

    [Theory]
    [InlineData("""{"contactId":"0e7a1d1e-2c7b-4d5e-9f3a-111111111111","channel":"pigeon","outcome":"reached","contactedOn":"2026-03-10"}""", "channel")]
    [InlineData("""{"contactId":"0e7a1d1e-2c7b-4d5e-9f3a-111111111112","channel":"phone","outcome":"promise-to-pay","contactedOn":"2026-03-10"}""", "promisedOn")]
    [InlineData("""{"contactId":"0e7a1d1e-2c7b-4d5e-9f3a-111111111113","channel":"phone","outcome":"reached","contactedOn":"2026-03-10","promisedOn":"2026-03-12"}""", "promisedOn")]
    [InlineData("""{"contactId":"0e7a1d1e-2c7b-4d5e-9f3a-111111111114","channel":"phone","outcome":"promise-to-pay","contactedOn":"2026-03-10","promisedOn":"2026-03-01"}""", "promisedOn")]
    [InlineData("""{"contactId":"00000000-0000-0000-0000-000000000000","channel":"phone","outcome":"reached","contactedOn":"2026-03-10"}""", "contactId")]
    public async Task a_contact_that_is_not_well_formed_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var loan = await DisbursedAsync();

        var response = await _olle.PostAsync($"/api/loans/{loan}/contacts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await ContactsStoredAsync(loan));
    }

    [Fact]
    public async Task a_contact_is_refused_on_a_loan_not_paid_out_or_dated_before_its_payout_or_in_the_future()
    {
        var participant = await BorrowerAsync();
        var applied = Guid.NewGuid();
        await Ok(await _olle.PostAsJsonAsync("/api/loans", new { loanId = applied, participantId = participant, productCode = "micro", amountSek = 8_000m, termMonths = 6, appliedOn = "2026-02-01" }));
        var active = await DisbursedAsync();
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var notPaidOut = await _olle.PostAsJsonAsync($"/api/loans/{applied}/contacts", new { contactId = Guid.NewGuid(), channel = "phone", outcome = "reached", contactedOn = "2026-03-10" });
        var beforePayout = await _olle.PostAsJsonAsync($"/api/loans/{active}/contacts", new { contactId = Guid.NewGuid(), channel = "phone", outcome = "reached", contactedOn = "2026-01-02" });
        var future = await _olle.PostAsJsonAsync($"/api/loans/{active}/contacts", new { contactId = Guid.NewGuid(), channel = "phone", outcome = "reached", contactedOn = tomorrow });

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity),
            (notPaidOut.StatusCode, beforePayout.StatusCode, future.StatusCode));
        Assert.Equal(0, await ContactsStoredAsync(active));
    }

    [Fact]
    public async Task an_application_states_the_offer_and_a_retry_with_the_same_id_is_recognised()
    {
        var participant = await BorrowerAsync();
        var loanId = Guid.NewGuid();
        var application = new { loanId, participantId = participant, productCode = "micro", amountSek = 10_000m, termMonths = 6, appliedOn = "2026-01-20" };

        var created = await _olle.PostAsJsonAsync("/api/loans", application);
        var retry = await _olle.PostAsJsonAsync("/api/loans", application);
        var other = await _olle.PostAsJsonAsync("/api/loans", application with { amountSek = 12_000m });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var offer = (await Ok(created)).GetProperty("offer");
        Assert.Equal(1_750.48m, offer.GetProperty("firstRegularInstalmentSek").GetDecimal()); // 1 725.48 + 25 fee
        Assert.True(offer.GetProperty("effectiveAnnualRatePercent").GetDecimal() > 12m);
        Assert.Equal(offer.GetProperty("totalRepaidSek").GetDecimal() - 10_000m, offer.GetProperty("totalCostSek").GetDecimal());
        Assert.Equal(1, await service.QueuedForAsync(Queues.Impact, "neem.lending.loan-applied.v1", participant));
    }

    [Fact]
    public async Task her_advisor_sees_her_loans_milestones_with_who_acted_but_not_the_ledger()
    {
        var loanId = await DisbursedAsync();
        var participant = (await Ok(await _olle.GetAsync($"/api/loans/{loanId}"))).GetProperty("loan").GetProperty("participantId").GetGuid();
        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "19850505-1234", amountSek = 500m, paidOn = "2026-02-27" }));

        var advisor = service.StaffClient("advisor", subject: "anna");
        var milestones = await Ok(await advisor.GetAsync($"/api/participants/{participant}/loan-milestones"));
        var ledger = await advisor.GetAsync($"/api/participants/{participant}/loans");

        var loan = Assert.Single(milestones.EnumerateArray());
        Assert.Equal(loanId, loan.GetProperty("loanId").GetGuid());
        Assert.Equal("active", loan.GetProperty("status").GetString());
        Assert.Equal("olle", loan.GetProperty("preparedBy").GetString());
        Assert.Equal("karin", loan.GetProperty("approvedBy").GetString());
        Assert.Equal("2026-01-31", loan.GetProperty("disbursedOn").GetString());
        Assert.Equal(10_000m, loan.GetProperty("amountSek").GetDecimal());
        Assert.DoesNotContain("19850505", milestones.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("payments", milestones.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, ledger.StatusCode);
    }

    [Fact]
    public async Task the_same_product_settings_again_are_no_new_version_and_a_change_is()
    {
        await ProductAsync();
        var manager = service.StaffClient("region-manager");
        var before = (await Ok(await manager.GetAsync("/api/loan-products"))).EnumerateArray().Single(p => p.GetProperty("code").GetString() == "micro");

        await ProductAsync();
        var same = (await Ok(await manager.GetAsync("/api/loan-products"))).EnumerateArray().Single(p => p.GetProperty("code").GetString() == "micro");
        var changed = await Ok(await manager.PutAsJsonAsync("/api/loan-products/micro", new
        {
            name = "Mikrolån",
            minAmountSek = 5_000m,
            maxAmountSek = 100_000m,
            nominalAnnualRatePercent = 12.5m,
            setUpFeeSek = 0m,
            monthlyFeeSek = 25m,
            minTermMonths = 3,
            maxTermMonths = 36,
            amortisation = "annuity",
            maxInstalmentShareOfSurplus = 0.8m,
            graceType = "interest-only",
            maxGraceMonths = 2
        }));
        await ProductAsync(); // back to the settings the other tests use

        Assert.Equal(before.GetProperty("version").GetInt32(), same.GetProperty("version").GetInt32());
        Assert.Equal(before.GetProperty("version").GetInt32() + 1, changed.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task responsible_lending_refuses_more_than_the_plan_needs_or_she_can_repay_and_says_why()
    {
        var participant = await BorrowerAsync(need: 50_000m, surplus: 2_000m);

        var tooMuch = await _olle.PostAsJsonAsync("/api/loans", new { loanId = Guid.NewGuid(), participantId = participant, productCode = "micro", amountSek = 60_000m, termMonths = 36, appliedOn = "2026-01-20" });
        var tooFast = await _olle.PostAsJsonAsync("/api/loans", new { loanId = Guid.NewGuid(), participantId = participant, productCode = "micro", amountSek = 30_000m, termMonths = 6, appliedOn = "2026-01-20" });
        var noPlan = await _olle.PostAsJsonAsync("/api/loans", new { loanId = Guid.NewGuid(), participantId = Guid.NewGuid(), productCode = "micro", amountSek = 10_000m, termMonths = 6, appliedOn = "2026-01-20" });

        Assert.Contains("50000.00 SEK", (await tooMuch.ReadProblemAsync()).GetProperty("detail").GetString());
        var capacity = (await tooFast.ReadProblemAsync()).GetProperty("detail").GetString();
        Assert.Contains("over-indebt", capacity);
        Assert.Contains("1600.00 SEK", capacity); // 80 % of 2 000
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noPlan.StatusCode);
    }

    [Fact]
    public async Task the_person_who_prepared_it_can_neither_approve_nor_disburse_it()
    {
        var participant = await BorrowerAsync();
        var loanId = Guid.NewGuid();
        await Ok(await _olle.PostAsJsonAsync("/api/loans", new { loanId, participantId = participant, productCode = "micro", amountSek = 10_000m, termMonths = 6, appliedOn = "2026-01-20" }));

        var selfApproval = await _olle.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = "2026-01-25" });
        await Ok(await _karin.PostAsJsonAsync($"/api/loans/{loanId}/approval", new { approvedOn = "2026-01-25" }));
        var selfDisbursement = await _olle.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = "2026-01-31" });
        var loan = await Ok(await _karin.PostAsJsonAsync($"/api/loans/{loanId}/disbursement", new { disbursedOn = "2026-01-31" }));

        Assert.Equal(HttpStatusCode.Forbidden, selfApproval.StatusCode);
        Assert.Equal("Four eyes required", (await selfApproval.ReadProblemAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, selfDisbursement.StatusCode);
        Assert.Equal("karin", loan.GetProperty("approvedBy").GetString());
        Assert.Equal("olle", loan.GetProperty("preparedBy").GetString());
        var view = await _olle.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}?asOf=2026-02-01");
        Assert.Equal(["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31"],
            view.GetProperty("schedule").EnumerateArray().Select(i => i.GetProperty("dueOn").GetString()));
    }

    [Fact]
    public async Task a_payment_reference_counts_once_even_when_it_arrives_concurrently_and_concurrent_payments_all_count()
    {
        var loanId = await DisbursedAsync();

        var duplicates = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            _olle.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "BG-1001", amountSek = 500m, paidOn = "2026-02-20" })));
        var distinct = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _olle.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = $"BG-2{i:000}", amountSek = 100.01m, paidOn = "2026-02-21" })));

        Assert.All(duplicates.Concat(distinct), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var loan = (await _olle.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}?asOf=2026-02-22")).GetProperty("loan");
        var payments = loan.GetProperty("payments").EnumerateArray().ToList();
        Assert.Equal(9, payments.Count);
        Assert.Equal(500m + 8 * 100.01m, payments.Sum(p => p.GetProperty("amountSek").GetDecimal()));
        Assert.Equal(500m + 8 * 100.01m, payments.SelectMany(p => p.GetProperty("allocations").EnumerateArray())
            .Sum(a => a.GetProperty("feesSek").GetDecimal() + a.GetProperty("interestSek").GetDecimal() + a.GetProperty("principalSek").GetDecimal()));
        Assert.Equal(9, await service.QueuedForAsync(Queues.Impact, "neem.lending.repayment-received.v1", loan.GetProperty("participantId").GetGuid()));
    }

    [Fact]
    public async Task evaluating_arrears_on_chosen_dates_moves_buckets_and_publishes_each_move()
    {
        var loanId = await DisbursedAsync();
        var manager = service.StaffClient("region-manager");

        foreach (var day in new[] { "2026-02-28", "2026-03-01", "2026-03-20", "2026-04-01" })
        {
            await Ok(await manager.PostAsJsonAsync("/api/arrears/evaluations", new { asOf = day }));
        }

        var loan = await _olle.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}?asOf=2026-04-01");
        Assert.Equal(["1-30", "31-60"], loan.GetProperty("loan").GetProperty("bucketHistory").EnumerateArray().Select(m => m.GetProperty("to").GetString()));
        Assert.Equal(32, loan.GetProperty("position").GetProperty("daysPastDue").GetInt32());
        var participant = loan.GetProperty("loan").GetProperty("participantId").GetGuid();
        Assert.Equal(2, await service.QueuedForAsync(Queues.Impact, "neem.lending.arrears-bucket-changed.v1", participant));
        var portfolio = await _olle.GetFromJsonAsync<JsonElement>("/api/portfolio?asOf=2026-04-01");
        Assert.True(portfolio.GetProperty("region").GetProperty("par30Sek").GetDecimal() >= 10_000m);
        Assert.Contains(portfolio.GetProperty("byLoanOfficer").EnumerateArray(), g => g.GetProperty("group").GetString() == "olle");
    }

    [Fact]
    public async Task rescheduling_and_write_off_need_a_second_person_and_recoveries_stop_at_the_amount_written_off()
    {
        var loanId = await DisbursedAsync();

        var request = await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/reschedule-requests", new { remainingMonths = 12, reason = "illness", requestedOn = "2026-03-05" }));
        var requestId = request.GetProperty("pendingReschedule").GetProperty("requestId").GetGuid();
        Assert.Equal(12, request.GetProperty("pendingReschedule").GetProperty("preview").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await _olle.PostAsJsonAsync($"/api/loans/{loanId}/reschedule-requests/{requestId}/approval", new { approvedOn = "2026-03-06" })).StatusCode);
        var rescheduled = await Ok(await _karin.PostAsJsonAsync($"/api/loans/{loanId}/reschedule-requests/{requestId}/approval", new { approvedOn = "2026-03-06" }));
        Assert.Equal(1, rescheduled.GetProperty("reschedulings").GetInt32());
        var after = await _olle.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}?asOf=2026-03-07");
        Assert.Equal(0, after.GetProperty("position").GetProperty("daysPastDue").GetInt32());
        Assert.Equal(10_000m, after.GetProperty("schedule").EnumerateArray().Sum(i => i.GetProperty("principalSek").GetDecimal()));

        var proposal = await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/write-off-proposals", new { reason = "business-closed", proposedOn = "2026-09-01" }));
        var proposalId = proposal.GetProperty("pendingWriteOff").GetProperty("proposalId").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await _olle.PostAsJsonAsync($"/api/loans/{loanId}/write-off-proposals/{proposalId}/approval", new { writtenOffOn = "2026-09-02" })).StatusCode);
        var writtenOff = await Ok(await _karin.PostAsJsonAsync($"/api/loans/{loanId}/write-off-proposals/{proposalId}/approval", new { writtenOffOn = "2026-09-02" }));
        var amount = writtenOff.GetProperty("writtenOffSek").GetDecimal();
        Assert.True(amount > 10_000m);

        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/recoveries", new { reference = "KFM-1", amountSek = amount - 100m, receivedOn = "2026-10-01" }));
        var over = await _olle.PostAsJsonAsync($"/api/loans/{loanId}/recoveries", new { reference = "KFM-2", amountSek = 100.01m, receivedOn = "2026-10-02" });
        var again = await _olle.PostAsJsonAsync($"/api/loans/{loanId}/recoveries", new { reference = "KFM-1", amountSek = amount - 100m, receivedOn = "2026-10-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Equal(amount - 100m, (await Ok(again)).GetProperty("recoveredSek").GetDecimal());
    }

    [Fact]
    public async Task erasure_removes_an_identity_number_used_as_payment_reference_from_events_and_loans_and_keeps_the_figures()
    {
        var loanId = await DisbursedAsync();
        var participant = (await _olle.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}")).GetProperty("loan").GetProperty("participantId").GetGuid();
        // In Sweden a payment's reference is often the payer's identity number; the holder name goes on the statement.
        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "198503146246", amountSek = 1_750.48m, paidOn = "2026-02-27" }));
        await Ok(await _olle.PostAsJsonAsync($"/api/participants/{participant}/credit-statements",
            new { issuedOn = "2026-03-05", holderNameToShow = "Amina Qvarnström" }));
        Assert.NotEmpty(await DatabaseScan.TablesContainingAsync(service.ConnectionString, "198503146246"));

        await service.ThroughQueuesAsync(new ParticipantErased(Guid.NewGuid(), participant, "stockholm", new DateOnly(2026, 6, 1), DateTimeOffset.UtcNow),
            times: 2);

        foreach (var needle in new[] { "198503146246", "Qvarnström" })
        {
            Assert.Empty(await DatabaseScan.TablesContainingAsync(service.ConnectionString, needle));
        }

        var loan = (await _olle.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}")).GetProperty("loan");
        var payment = Assert.Single(loan.GetProperty("payments").EnumerateArray());
        Assert.Equal(1_750.48m, payment.GetProperty("amountSek").GetDecimal());
        Assert.Equal("[erased]", payment.GetProperty("reference").GetString());
    }

    [Fact]
    public async Task a_statement_in_swedish_verifies_from_its_printed_page_and_an_altered_page_does_not()
    {
        var loanId = await DisbursedAsync();
        var participant = (await _olle.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}")).GetProperty("loan").GetProperty("participantId").GetGuid();
        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "BG-SV", amountSek = 1_750.48m, paidOn = "2026-02-27" }));

        var statement = await Ok(await _olle.PostAsJsonAsync($"/api/participants/{participant}/credit-statements", new { issuedOn = "2026-03-05" }));
        var printed = await _olle.GetStringAsync($"/api/credit-statements/{statement.GetProperty("id").GetGuid()}");
        var bank = service.Host.Server.CreateClient();
        var page = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification", new { text = printed }));
        var altered = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification",
            new { text = printed.Replace("betalda i tid: 1", "betalda i tid: 6", StringComparison.Ordinal) }));

        Assert.Equal("sv", statement.GetProperty("language").GetString());
        Assert.StartsWith("NEEM Mikrofinans – kredithistorik\nIntyg ", statement.GetProperty("text").GetString());
        Assert.Contains("Verifieringskod: ", printed);
        Assert.True(page.GetProperty("genuine").GetBoolean(), page.ToString());
        Assert.False(altered.GetProperty("genuine").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await _olle.PostAsJsonAsync($"/api/participants/{participant}/credit-statements",
            new { issuedOn = "2026-03-05", language = "fi" })).StatusCode);
    }

    [Fact]
    public async Task a_credit_statement_verifies_and_a_tampered_one_does_not()
    {
        var loanId = await DisbursedAsync();
        var loan = await _olle.GetFromJsonAsync<JsonElement>($"/api/loans/{loanId}");
        var participant = loan.GetProperty("loan").GetProperty("participantId").GetGuid();
        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "BG-9", amountSek = 1_750.48m, paidOn = "2026-02-27" }));

        var statement = await Ok(await _olle.PostAsJsonAsync($"/api/participants/{participant}/credit-statements", new { issuedOn = "2026-03-05", language = "en" }));
        var bank = service.Host.Server.CreateClient();
        var text = statement.GetProperty("text").GetString()!;
        var code = statement.GetProperty("verificationCode").GetString();
        var id = statement.GetProperty("id").GetGuid();

        var genuine = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification", new { statementId = id, text, verificationCode = code }));
        var tampered = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification",
            new { statementId = id, text = text.Replace("longest delay: 0 days", "longest delay: 0 days (excellent)", StringComparison.Ordinal), verificationCode = code }));

        Assert.True(genuine.GetProperty("genuine").GetBoolean());
        Assert.False(tampered.GetProperty("genuine").GetBoolean());
        Assert.Contains("paid on time: 1", text);
        Assert.Contains("Holder: (not shown at the holder's request)", text);
        var printed = await _olle.GetStringAsync($"/api/credit-statements/{id}");
        Assert.StartsWith(text, printed);
        Assert.Contains(code!, printed);

        // From the paper: the whole printed page as the bank scanned it (Windows line ends), or the number and the code as typed.
        var page = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification", new { text = printed.Replace("\n", "\r\n", StringComparison.Ordinal) }));
        var typed = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification",
            new { statementId = id, verificationCode = code!.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant() }));
        var alteredPage = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification",
            new { text = printed.Replace("paid on time: 1", "paid on time: 9", StringComparison.Ordinal) }));
        var wrongCode = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification", new { statementId = id, verificationCode = "AAAA-BBBB-CCCC-DDDD-EEEE" }));
        Assert.True(page.GetProperty("genuine").GetBoolean(), page.ToString());
        Assert.True(typed.GetProperty("genuine").GetBoolean());
        Assert.Equal(text, typed.GetProperty("issuedText").GetString());
        Assert.False(alteredPage.GetProperty("genuine").GetBoolean());
        Assert.False(wrongCode.GetProperty("genuine").GetBoolean());
        Assert.Equal(JsonValueKind.Null, wrongCode.GetProperty("issuedText").ValueKind);

        await service.ThroughQueuesAsync(new ParticipantErased(Guid.NewGuid(), participant, "stockholm", new DateOnly(2026, 6, 1), DateTimeOffset.UtcNow));
        var afterErasure = await Ok(await bank.PostAsJsonAsync("/api/credit-statements/verification", new { statementId = id, text, verificationCode = code }));
        Assert.False(afterErasure.GetProperty("genuine").GetBoolean());
    }

    [Fact]
    public async Task a_preview_obeys_the_product_as_an_application_does()
    {
        await ProductAsync();
        await Ok(await service.StaffClient("region-manager").PutAsJsonAsync("/api/loan-products/plain", new
        {
            name = "Utan anstånd",
            minAmountSek = 5_000m,
            maxAmountSek = 50_000m,
            nominalAnnualRatePercent = 10m,
            setUpFeeSek = 0m,
            monthlyFeeSek = 0m,
            minTermMonths = 3,
            maxTermMonths = 24,
            amortisation = "annuity",
            maxInstalmentShareOfSurplus = 0.8m
        }));

        var withGrace = await _olle.PostAsJsonAsync("/api/loans/schedule-preview",
            new { productCode = "plain", amountSek = 10_000m, termMonths = 12, graceMonths = 2, disbursedOn = "2026-01-31" });
        var tooMuch = await _olle.PostAsJsonAsync("/api/loans/schedule-preview",
            new { productCode = "plain", amountSek = 60_000m, termMonths = 12, disbursedOn = "2026-01-31" });
        var fine = await _olle.PostAsJsonAsync("/api/loans/schedule-preview",
            new { productCode = "micro", amountSek = 10_000m, termMonths = 12, graceMonths = 2, disbursedOn = "2026-01-31" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, withGrace.StatusCode);
        Assert.Contains("no grace months", await withGrace.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        var offer = (await Ok(fine)).GetProperty("offer");
        Assert.Equal(2, offer.GetProperty("graceMonths").GetInt32());
        Assert.Equal(125m, offer.GetProperty("graceMonthPaymentSek").GetDecimal()); // 1 % interest-only and the 25 SEK fee
    }

    [Theory]
    [InlineData("2026-03-14T23:30:00")]
    [InlineData("2026-03-14 10:00")]
    [InlineData("+2026-03-14")]
    [InlineData("14/03/2026")]
    [InlineData("2026-3-14")]
    [InlineData("03/14/2026")]
    public async Task a_quote_asof_that_is_not_a_plain_date_is_a_400_naming_it(string asOf)
    {
        var loanId = await DisbursedAsync();

        var answer = await _olle.GetAsync($"/api/loans/{loanId}/early-repayment-quote?asOf={Uri.EscapeDataString(asOf)}");
        var loan = await _olle.GetAsync($"/api/loans/{loanId}?asOf={Uri.EscapeDataString(asOf)}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(["asOf"], (await answer.ReadProblemAsync()).ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, loan.StatusCode);
    }

    [Fact]
    public async Task early_repayment_is_quoted_then_settled_once_and_the_loan_is_closed()
    {
        var loanId = await DisbursedAsync();
        await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "BG-1", amountSek = 1_750.48m, paidOn = "2026-02-27" }));

        var quote = await Ok(await _olle.GetAsync($"/api/loans/{loanId}/early-repayment-quote?asOf=2026-03-14"));
        var total = quote.GetProperty("totalSek").GetDecimal();
        var short_ = await _olle.PostAsJsonAsync($"/api/loans/{loanId}/early-repayment", new { reference = "BG-2", amountSek = total - 0.01m, paidOn = "2026-03-14" });
        var settled = await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/early-repayment", new { reference = "BG-2", amountSek = total, paidOn = "2026-03-14" }));
        var again = await Ok(await _olle.PostAsJsonAsync($"/api/loans/{loanId}/early-repayment", new { reference = "BG-2", amountSek = total, paidOn = "2026-03-14" }));
        var loan = await Ok(await _olle.GetAsync($"/api/loans/{loanId}?asOf=2026-12-31"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, short_.StatusCode);
        Assert.Equal(14, quote.GetProperty("daysAccrued").GetInt32());
        Assert.True(quote.GetProperty("accruedInterestSek").GetDecimal() > 0);
        Assert.False(settled.GetProperty("alreadyRecorded").GetBoolean());
        Assert.True(again.GetProperty("alreadyRecorded").GetBoolean());
        Assert.Equal("settled", loan.GetProperty("loan").GetProperty("status").GetString());
        Assert.Equal(0m, loan.GetProperty("position").GetProperty("principalOutstandingSek").GetDecimal());
        Assert.Equal(0m, loan.GetProperty("position").GetProperty("overdueSek").GetDecimal());
        Assert.Equal(2, loan.GetProperty("loan").GetProperty("payments").GetArrayLength());
    }

    [Fact]
    public async Task loan_officers_of_another_region_get_403()
    {
        var loanId = await DisbursedAsync();
        var outsider = service.StaffClient("loan-officer", region: "orebro", subject: "pia");

        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/loans/{loanId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/loans/{loanId}/repayments", new { reference = "x", amountSek = 1m, paidOn = "2026-02-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.StaffClient("advisor").GetAsync($"/api/loans/{loanId}")).StatusCode);
    }

    [Theory]
    [InlineData("approval", "{\"approvedOn\":\"2026-02-01\"}", "loan")]
    [InlineData("rejection", "{\"reason\":\"other\",\"rejectedOn\":\"2026-02-01\"}", "loan")]
    [InlineData("disbursement", "{\"disbursedOn\":\"2026-02-01\"}", "loan")]
    [InlineData("reschedule-requests", "{\"remainingMonths\":6,\"reason\":\"illness\",\"requestedOn\":\"2026-02-01\"}", "loan")]
    [InlineData("reschedule-requests/0195a000-0000-7000-8000-000000000001/approval", "{\"approvedOn\":\"2026-02-01\"}", "loan")]
    [InlineData("write-off-proposals", "{\"reason\":\"other\",\"proposedOn\":\"2026-02-01\"}", "loan")]
    [InlineData("write-off-proposals/0195a000-0000-7000-8000-000000000001/approval", "{\"writtenOffOn\":\"2026-02-01\"}", "loan")]
    [InlineData("recoveries", "{\"reference\":\"r-1\",\"amountSek\":10,\"receivedOn\":\"2026-02-01\"}", "loan")]
    public async Task a_decision_on_a_loan_that_does_not_exist_is_a_404_naming_what_is_missing_and_starts_no_stream(string path, string body,
        string missing)
    {
        var loanId = Guid.NewGuid();

        var response = await _karin.PostAsync($"/api/loans/{loanId}/{path}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.StartsWith($"No {missing} with id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await TransportTables.CountAsync(service.ConnectionString, $"select count(*) from {service.Service}.mt_streams where id = '{loanId}'"));
    }

    [Fact]
    public async Task a_decision_that_is_not_well_formed_is_a_400_naming_the_field_and_records_nothing()
    {
        var loanId = await DisbursedAsync();
        var before = await TransportTables.CountAsync(service.ConnectionString, $"select count(*) from {service.Service}.mt_events where stream_id = '{loanId}'");

        var response = await _karin.PostAsJsonAsync($"/api/loans/{loanId}/write-off-proposals", new { reason = "no-reason-we-know", proposedOn = "2026-02-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(before, await TransportTables.CountAsync(service.ConnectionString, $"select count(*) from {service.Service}.mt_events where stream_id = '{loanId}'"));
    }
}
