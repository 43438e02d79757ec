using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Arrears;

public sealed record EvaluateArrears(DateOnly AsOf);

public sealed record ArrearsEvaluation(DateOnly AsOf, int LoansEvaluated, int Moves);

/// <summary>
/// The portfolio measures, one definition for every report. On a date: a loan is active when it was
/// disbursed and was neither settled nor written off by then; its outstanding is the principal not yet
/// repaid. PAR1, PAR30 and PAR90 are the outstanding of active loans more than 0, 30 and 90 days past due,
/// as a share of all outstanding. The write-off ratio (CGAP/MIX) is the principal written off in the period
/// (<see cref="From"/>, <see cref="AsOf"/>] over the period's average gross loan portfolio: the mean of the
/// principal outstanding at the period's start, at each month's end within it, and at its end. Interest and
/// fees written off are reported apart (<see cref="WrittenOffSek"/> is the whole amount) and never count in it.
/// </summary>
public sealed record PortfolioMeasures(
    string Group, DateOnly AsOf, int ActiveLoans, decimal OutstandingSek, decimal Par1Sek, decimal Par30Sek, decimal Par90Sek,
    decimal? Par1, decimal? Par30, decimal? Par90, decimal DisbursedSek, decimal WrittenOffSek, decimal? WriteOffRatio,
    DateOnly? From = null, decimal PrincipalWrittenOffSek = 0m, decimal AverageGrossPortfolioSek = 0m)
{
    /// <summary>The measures of whole loans (each loan's position computed from its ledger).</summary>
    public static PortfolioMeasures Compute(string group, IEnumerable<Loan> loans, DateOnly asOf, DateOnly? from = null)
    {
        var all = loans.ToList();
        var days = all.ToDictionary(l => l.Id, l => Ledger.PositionOn(l, asOf).DaysPastDue);
        return Compute(group, all.Select(l => l.Standing), asOf, from, l => days[l.LoanId]);
    }

    /// <summary>The measures of the loans' standings; <paramref name="daysPastDue"/> is asked for the loans active on <paramref name="asOf"/>.</summary>
    public static PortfolioMeasures Compute(string group, IEnumerable<LoanStanding> loans, DateOnly asOf, DateOnly? from,
        Func<LoanStanding, int> daysPastDue)
    {
        var start = from ?? asOf.AddYears(-1);
        var disbursed = loans.Where(l => l.DisbursedOn <= asOf).ToList();
        var active = disbursed.Where(l => l.IsActiveOn(asOf)).Select(l => (Outstanding: l.PrincipalOutstandingOn(asOf), Days: daysPastDue(l))).ToList();
        var outstanding = active.Sum(p => p.Outstanding);
        decimal Par(int days) => active.Where(p => p.Days > days).Sum(p => p.Outstanding);
        decimal? Share(decimal part, decimal whole) => whole == 0 ? null : decimal.Round(part / whole, 4, MidpointRounding.AwayFromZero);
        var disbursedSek = disbursed.Sum(l => l.AmountSek);
        var writtenOff = disbursed.Where(l => l.WrittenOffOn <= asOf).Sum(l => l.WrittenOffSek);
        var principalWrittenOff = disbursed.Where(l => l.WrittenOffOn > start && l.WrittenOffOn <= asOf).Sum(l => l.PrincipalWrittenOff);
        var average = AverageGrossPortfolio(disbursed, start, asOf);
        return new PortfolioMeasures(group, asOf, active.Count, outstanding, Par(0), Par(30), Par(90), Share(Par(0), outstanding),
            Share(Par(30), outstanding), Share(Par(90), outstanding), disbursedSek, writtenOff, Share(principalWrittenOff, average), start,
            principalWrittenOff, average);
    }

    /// <summary>The mean principal outstanding at <paramref name="from"/>, at each month's end after it, and at <paramref name="asOf"/>.</summary>
    public static decimal AverageGrossPortfolio(IReadOnlyList<LoanStanding> loans, DateOnly from, DateOnly asOf)
    {
        var dates = new List<DateOnly> { from };
        for (var monthEnd = new DateOnly(from.Year, from.Month, 1).AddMonths(1).AddDays(-1); monthEnd < asOf; monthEnd = monthEnd.AddDays(1).AddMonths(1).AddDays(-1))
        {
            if (monthEnd > from)
            {
                dates.Add(monthEnd);
            }
        }

        dates.Add(asOf);
        return ScheduleCalculator.Ore(dates.Average(d => loans.Sum(l => l.PrincipalOutstandingOn(d))));
    }
}

/// <summary>
/// The region's loans as the worklist and the portfolio read them: their standings alone, and each loan's whole ledger
/// only where its standing cannot answer for the date (a payment or schedule change after it).
/// </summary>
public static class RegionStandings
{
    public static async Task<IReadOnlyList<LoanStanding>> ReadAsync(IQuerySession session, string region, bool activeOnly, CancellationToken ct)
    {
        var query = session.Query<Loan>().Where(l => l.Region == region);
        if (activeOnly)
        {
            query = query.Where(l => l.Status == LoanStatus.Active);
        }

        var rows = await query.Select(l => new StoredStanding(l.Id, l.Standing)).ToListAsync(ct);
        // A snapshot stored before standings were kept has none until the backfill or its next event: those are read whole.
        var missing = rows.Where(r => r.Standing is null).Select(r => r.Id).ToList();
        var whole = missing.Count == 0 ? [] : await session.LoadManyAsync<Loan>(ct, missing);
        return [.. rows.Where(r => r.Standing is not null).Select(r => r.Standing!), .. whole.Select(l => l.Standing)];
    }

    private sealed record StoredStanding(Guid Id, LoanStanding? Standing);

    /// <summary>Days past due on <paramref name="day"/> for each of <paramref name="standings"/>.</summary>
    public static async Task<Func<LoanStanding, int>> DaysPastDueAsync(IQuerySession session, IEnumerable<LoanStanding> standings, DateOnly day,
        CancellationToken ct)
    {
        var unknown = standings.Where(s => s.DaysPastDueOn(day) is null).Select(s => s.LoanId).ToList();
        var fromLedger = unknown.Count == 0
            ? new Dictionary<Guid, int>()
            : (await session.LoadManyAsync<Loan>(ct, unknown)).ToDictionary(l => l.Id, l => Ledger.PositionOn(l, day).DaysPastDue);
        return s => s.DaysPastDueOn(day) ?? fromLedger[s.LoanId];
    }
}

public sealed record PortfolioReport(PortfolioMeasures Region, IReadOnlyList<PortfolioMeasures> ByLoanOfficer);

public static class ArrearsEndpoints
{
    /// <summary>The bucket move of one loan on a date (pure), if its bucket changed.</summary>
    public static ArrearsBucketMoved? Decide(Loan loan, DateOnly asOf, Guid eventId, DateTimeOffset now)
    {
        if (loan.Status != LoanStatus.Active)
        {
            return null;
        }

        var position = Ledger.PositionOn(loan, asOf);
        return position.Bucket == loan.Bucket
            ? null
            : new ArrearsBucketMoved(loan.Id, eventId, loan.Bucket, position.Bucket, position.DaysPastDue, asOf, now);
    }

    /// <summary>Evaluates every active loan of a region on a date; each move is stored and published.</summary>
    public static async Task<ArrearsEvaluation> EvaluateAsync(IDocumentSession session, IMessageBus bus, string region, DateOnly asOf,
        TimeProvider time, CancellationToken ct)
    {
        var loans = await session.Query<Loan>().Where(l => l.Region == region && l.Status == LoanStatus.Active).ToListAsync(ct);
        var moves = 0;
        foreach (var candidate in loans)
        {
            var now = time.GetUtcNow();
            var stream = await session.FetchForExclusiveWritingAsync<Loan>(candidate.Id, ct);
            if (stream.Aggregate is not { } loan || Decide(loan, asOf, Guid.CreateVersion7(now), now) is not { } moved)
            {
                continue;
            }

            stream.AppendOne(moved);
            moves++;
            var position = Ledger.PositionOn(loan, asOf);
            await bus.PublishAsync(new C.ArrearsBucketChanged(moved.EventId, loan.Id, loan.ParticipantId, loan.Region, moved.From, moved.To,
                moved.DaysPastDue, position.PrincipalOutstandingSek, asOf, now));
        }

        return new ArrearsEvaluation(asOf, loans.Count, moves);
    }

    [WolverineGet("/api/arrears", Name = "GetArrearsWorklist")]
    [EndpointSummary("The arrears worklist on a date (asOf, default today): every active loan with something overdue, the longest overdue first, with its bucket, days past due, amounts and last contact; paged with page and pageSize")]
    [ProducesResponseType<ArrearsWorklist>(StatusCodes.Status200OK)]
    public static async Task<IResult> Worklist(RegionOptions instance, IQuerySession session, TimeProvider time, CancellationToken ct, DateOnly? asOf = null,
        int page = 1, int? pageSize = null)
    {
        var validation = new Validation().Date(asOf, "asOf")
            .Require(page is >= 1 and <= 100_000, "page", "From 1 to 100 000.")
            .Require(pageSize is null or (>= 1 and <= 200), "pageSize", "Between 1 and 200 (none: every late loan).");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        var standings = await RegionStandings.ReadAsync(session, instance.Region, activeOnly: true, ct);
        var daysPastDue = await RegionStandings.DaysPastDueAsync(session, standings, day, ct);
        var late = standings.Select(s => (s.LoanId, Days: daysPastDue(s))).Where(x => x.Days > 0)
            .OrderByDescending(x => x.Days).ThenBy(x => x.LoanId).Select(x => x.LoanId).ToList();
        var shownIds = pageSize is { } size ? late.Skip((page - 1) * size).Take(size).ToList() : late;
        // Only the loans on the page are read whole, for their lines.
        var loans = (await session.LoadManyAsync<Loan>(ct, shownIds)).ToDictionary(l => l.Id);
        var shown = shownIds.Select(id => loans[id]).Select(l => (Loan: l, Position: Ledger.PositionOn(l, day)))
            .Select(x => new ArrearsLine(x.Loan.Id, x.Loan.ParticipantId, x.Position.Bucket, x.Position.DaysPastDue, x.Position.OverdueSek,
                x.Position.PrincipalOutstandingSek, x.Position.OldestUnpaidInstalment, x.Loan.PreparedBy,
                x.Loan.Contacts?.Where(c => c.ContactedOn <= day).OrderBy(c => c.ContactedOn).LastOrDefault()))
            .ToList();
        return TypedResults.Ok(new ArrearsWorklist(day, shown, late.Count, page, pageSize ?? late.Count));
    }

    [WolverinePost("/api/arrears/evaluations", Name = "EvaluateArrears")]
    [EndpointSummary("Evaluate every active loan of your region on a date: bucket moves are stored and published (the daily job does this too)")]
    [ProducesResponseType<ArrearsEvaluation>(StatusCodes.Status200OK)]
    public static async Task<IResult> Evaluate(EvaluateArrears command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, IMessageBus bus,
        TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Date(command.AsOf, "asOf");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        await session.LockAsync($"arrears:{instance.Region}", ct);
        return TypedResults.Ok(await EvaluateAsync(session, bus, instance.Region, command.AsOf, time, ct));
    }

    [WolverineGet("/api/portfolio", Name = "GetPortfolio")]
    [EndpointSummary("Portfolio at risk (PAR1, PAR30, PAR90) on a date, and the write-off ratio of the period from (default a year before) to asOf, for your region and per loan officer")]
    [ProducesResponseType<PortfolioReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Portfolio(ClaimsPrincipal user, RegionOptions instance, IQuerySession session, TimeProvider time, CancellationToken ct,
        DateOnly? asOf = null, DateOnly? from = null)
    {
        var validation = new Validation().Date(asOf, "asOf").Date(from, "from")
            .Require(from is null || from < (asOf ?? SwedishTime.DateOf(time.GetUtcNow())), "from", "Before asOf.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        var loans = await RegionStandings.ReadAsync(session, region, activeOnly: false, ct);
        var active = loans.Where(l => l.IsActiveOn(day)).ToList();
        var daysPastDue = await RegionStandings.DaysPastDueAsync(session, active, day, ct);
        return TypedResults.Ok(new PortfolioReport(PortfolioMeasures.Compute(region, loans, day, from, daysPastDue),
            loans.GroupBy(l => l.PreparedBy).OrderBy(g => g.Key).Select(g => PortfolioMeasures.Compute(g.Key, g, day, from, daysPastDue)).ToList()));
    }
}

/// <summary>A late loan on the arrears worklist.</summary>
public sealed record ArrearsLine(Guid LoanId, Guid ParticipantId, string Bucket, int DaysPastDue, decimal OverdueSek, decimal PrincipalOutstandingSek,
    int? OldestUnpaidInstalment, string PreparedBy, Contact? LastContact = null);

/// <summary>The arrears worklist on a date, the longest overdue first: one page of it, and how many late loans there are in all.</summary>
public sealed record ArrearsWorklist(DateOnly AsOf, IReadOnlyList<ArrearsLine> Loans, int Total = 0, int Page = 1, int PageSize = 0);

/// <summary>The daily evaluation as a Wolverine command: its moves and messages commit in one transaction (the outbox).</summary>
public sealed record RunArrearsEvaluation(string Region, DateOnly AsOf);

public static class RunArrearsEvaluationHandler
{
    public static async Task<ArrearsEvaluation> Handle(RunArrearsEvaluation command, IDocumentSession session, IMessageContext bus,
        TimeProvider time, CancellationToken ct)
    {
        await session.LockAsync($"arrears:{command.Region}", ct);
        return await ArrearsEndpoints.EvaluateAsync(session, bus, command.Region, command.AsOf, time, ct);
    }
}

/// <summary>Runs the arrears evaluation once a day, for today's Swedish date (<c>Neem:Lending:ArrearsHourUtc</c>, default 1).</summary>
public sealed class DailyArrearsJob(IServiceProvider services, TimeProvider time, RegionOptions region, ILogger<DailyArrearsJob> logger,
    Microsoft.Extensions.Configuration.IConfiguration configuration) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hour = configuration.GetValue("Neem:Lending:ArrearsHourUtc", 1);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(now.UtcDateTime.Date.AddHours(hour), TimeSpan.Zero);
            if (next <= now)
            {
                next = next.AddDays(1);
            }

            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                await using var scope = services.CreateAsyncScope();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                var result = await bus.InvokeAsync<ArrearsEvaluation>(new RunArrearsEvaluation(region.Region, SwedishTime.DateOf(time.GetUtcNow())),
                    stoppingToken);
                logger.LogInformation("Arrears evaluated: {Loans} loans, {Moves} bucket moves", result.LoansEvaluated, result.Moves);
                var reminders = await bus.InvokeAsync<Reminding.ReminderRun>(
                    new Reminding.RunDailyReminders(region.Region, SwedishTime.DateOf(time.GetUtcNow())), stoppingToken);
                logger.LogInformation("Repayment reminders: {Sent} sent", reminders.RemindersSent);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError("The daily arrears evaluation failed: {ExceptionType}", e.GetType().Name);
            }
        }
    }
}
