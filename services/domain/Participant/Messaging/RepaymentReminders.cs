namespace NeemPlatform.Participant.Messaging;

/// <summary>
/// Lending says a repayment reminder falls due: she is written to once per loan, instalment and rule, however often the
/// message arrives, in her language, unless she said no to messages.
/// </summary>
public static class RepaymentReminderDueHandler
{
    public static string KeyOf(RepaymentReminderDue m) => $"repayment:{m.LoanId}:{m.Instalment}:{m.Rule}";

    public static async Task Handle(RepaymentReminderDue message, IDocumentSession session, IMessageBus bus, TimeProvider time, RegionOptions region,
        ILogger logger, CancellationToken ct)
    {
        if (message.Region != region.Region)
        {
            logger.LogWarning("Ignored {Message} {EventId} for another region", nameof(RepaymentReminderDue), message.EventId);
            return;
        }

        await Messages.QueueOnceAsync(session, bus, message.ParticipantId, KeyOf(message), $"repayment-{message.Rule}",
            (language, firstName) => MessageTexts.RepaymentReminder(language, firstName, message.Rule, message.Instalment, message.DueOn, message.AmountDueSek),
            time.GetUtcNow(), ct);
    }
}
