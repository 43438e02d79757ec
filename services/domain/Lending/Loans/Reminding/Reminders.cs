using C = NeemPlatform.Contracts;

namespace NeemPlatform.Lending.Loans.Reminding;

/// <summary>A reminder already sent: its id is "{loan}:{instalment}:{rule}", so a rule reminds of an instalment once.</summary>
public sealed record ReminderIssued(string Id, Guid LoanId, DateTimeOffset IssuedAt);

/// <summary>One reminder that falls due on a day.</summary>
public sealed record DueReminder(int Instalment, string Rule, DateOnly DueOn, decimal AmountDueSek)
{
    public string KeyFor(Guid loanId) => $"{loanId}:{Instalment}:{Rule}";
}

public sealed record RunReminders(DateOnly AsOf);

public sealed record ReminderRun(DateOnly AsOf, int LoansChecked, int RemindersSent);

/// <summary>
/// Reminders to borrowers, as the loan's product says: some days before an instalment is due, and some days after a due date
/// she missed. A reminder falls due from its day until the instalment is paid (or the next later reminder takes over), so a
/// job that did not run on the day still sends it, and one that runs three times sends it once.
/// </summary>
public static class Reminders
{
    /// <summary>The reminders of one loan on a day (pure): each open instalment in its window.</summary>
    public static IReadOnlyList<DueReminder> Due(Loan loan, LoanProduct product, DateOnly asOf)
    {
        if (loan.Status != LoanStatus.Active)
        {
            return [];
        }

        var paid = Ledger.PaidBy(loan, asOf);
        var late = product.LateReminders.Order().ToList();
        var due = new List<DueReminder>();
        foreach (var instalment in Ledger.ScheduleOn(loan, asOf))
        {
            var open = instalment.TotalSek - (paid.TryGetValue(instalment.Number, out var p) ? p.TotalSek : 0m);
            if (open <= 0)
            {
                continue;
            }

            if (product.ReminderDaysBefore > 0 && asOf >= instalment.DueOn.AddDays(-product.ReminderDaysBefore) && asOf < instalment.DueOn)
            {
                due.Add(new DueReminder(instalment.Number, $"before-{product.ReminderDaysBefore}", instalment.DueOn, open));
            }

            // The latest late reminder whose day has come: an earlier one missed meanwhile is not sent after it.
            if (late.LastOrDefault(d => asOf >= instalment.DueOn.AddDays(d)) is var days and > 0)
            {
                due.Add(new DueReminder(instalment.Number, $"late-{days}", instalment.DueOn, open));
            }
        }

        return due;
    }

    public static async Task<ReminderRun> RunAsync(IDocumentSession session, IMessageBus bus, string region, DateOnly asOf, TimeProvider time,
        CancellationToken ct)
    {
        await session.LockAsync($"reminders:{region}", ct);
        var loans = await session.Query<Loan>().Where(l => l.Region == region && l.Status == LoanStatus.Active).ToListAsync(ct);
        var products = new Dictionary<string, LoanProduct?>();
        var sent = 0;
        foreach (var loan in loans)
        {
            var productId = LoanProduct.IdFor(loan.Region, loan.ProductCode, loan.ProductVersion);
            if (!products.TryGetValue(productId, out var product))
            {
                products[productId] = product = await session.LoadAsync<LoanProduct>(productId, ct);
            }

            var due = product is null ? [] : Due(loan, product, asOf);
            if (due.Count == 0)
            {
                continue;
            }

            var issued = (await session.LoadManyAsync<ReminderIssued>(ct, due.Select(d => d.KeyFor(loan.Id)).ToArray())).Select(r => r.Id).ToHashSet();
            foreach (var reminder in due.Where(d => !issued.Contains(d.KeyFor(loan.Id))))
            {
                var now = time.GetUtcNow();
                session.Store(new ReminderIssued(reminder.KeyFor(loan.Id), loan.Id, now));
                await bus.PublishAsync(new C.RepaymentReminderDue(Guid.CreateVersion7(now), loan.Id, loan.ParticipantId, loan.Region, reminder.Instalment,
                    reminder.Rule, reminder.DueOn, reminder.AmountDueSek, now));
                sent++;
            }
        }

        return new ReminderRun(asOf, loans.Count, sent);
    }

    [WolverinePost("/api/reminders/runs", Name = "RunReminders")]
    [EndpointSummary("Send the repayment reminders that fall due by a date (the daily job does this too); a reminder is sent once however often this runs")]
    [ProducesResponseType<ReminderRun>(StatusCodes.Status200OK)]
    public static async Task<IResult> Run(RunReminders command, RegionOptions instance, IDocumentSession session, IMessageBus bus, TimeProvider time,
        CancellationToken ct)
    {
        var validation = new Validation().Date(command.AsOf, "asOf");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        return TypedResults.Ok(await RunAsync(session, bus, instance.Region, command.AsOf, time, ct));
    }
}

/// <summary>The daily run as a Wolverine command: the reminders it records and the messages it sends commit together (the outbox).</summary>
public sealed record RunDailyReminders(string Region, DateOnly AsOf);

public static class RunDailyRemindersHandler
{
    public static Task<ReminderRun> Handle(RunDailyReminders command, IDocumentSession session, IMessageContext bus, TimeProvider time, CancellationToken ct) =>
        Reminders.RunAsync(session, bus, command.Region, command.AsOf, time, ct);
}
