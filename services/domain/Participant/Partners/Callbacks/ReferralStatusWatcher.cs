using System.Collections.Frozen;
using System.Reflection;

namespace NeemPlatform.Participant.Partners.Callbacks;

/// <summary>
/// Turns every change of a partner referral's status into a <see cref="CallbackDelivery"/> in the same transaction,
/// whichever endpoint or handler appended the events: before a session saves, it folds each participant stream's new
/// events onto her stored state and compares her referrals' statuses before and after. A partner without a callback
/// address gets nothing. A referral's status moves only forward, so each change is one delivery.
/// </summary>
public sealed class ReferralStatusWatcher : DocumentSessionListenerBase
{
    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        // A new stream starts with her first referral (received): only appends to known streams can move a status.
        var streams = session.PendingChanges.Streams()
            .Where(s => s.ActionType == StreamActionType.Append && s.Events.Any(e => ParticipantEvolution.Applies(e.Data)))
            .ToList();
        if (streams.Count == 0)
        {
            return;
        }

        await using var committed = session.DocumentStore.QuerySession();
        var before = (await committed.LoadManyAsync<Participant.Participants.Participant>(token, streams.Select(s => s.Id).ToArray()))
            .ToDictionary(p => p.Id);
        var changes = new List<(ReferralProgress Before, ReferralProgress After)>();
        foreach (var stream in streams)
        {
            if (!before.TryGetValue(stream.Id, out var participant))
            {
                continue;
            }

            var after = ParticipantEvolution.Fold(participant, stream.Events.Select(e => e.Data));
            changes.AddRange(StatusChanges(participant, after));
        }

        if (changes.Count == 0)
        {
            return;
        }

        var partners = (await session.LoadManyAsync<Partner>(token, changes.Select(c => c.After.PartnerId!.Value).Distinct().ToArray()))
            .ToDictionary(p => p.Id);
        foreach (var (was, now) in changes)
        {
            if (partners.TryGetValue(now.PartnerId!.Value, out var partner) && partner.CallbackFor(CredentialKinds.Live) is not null)
            {
                session.Store(Delivery(partner.Id, CredentialKinds.Live, now.ReferralId, was.Status, now.Status, now.ChangedAt!.Value));
            }
        }
    }

    /// <summary>Her partner referrals whose status differs after the new events.</summary>
    public static IEnumerable<(ReferralProgress Before, ReferralProgress After)> StatusChanges(
        Participant.Participants.Participant before, Participant.Participants.Participant after)
    {
        var was = (before.ReferralsReceived ?? []).ToDictionary(r => r.ReferralId);
        foreach (var referral in after.ReferralsReceived ?? [])
        {
            if (referral.PartnerId is not null && was.TryGetValue(referral.ReferralId, out var old) && old.Status != referral.Status)
            {
                yield return (old, referral);
            }
        }
    }

    /// <summary>A delivery due at once, with an id that orders deliveries by their change.</summary>
    public static CallbackDelivery Delivery(Guid partnerId, string kind, Guid referralId, string previous, string status, DateTimeOffset changedAt) =>
        new()
        {
            Id = Guid.CreateVersion7(changedAt),
            PartnerId = partnerId,
            Kind = kind,
            ReferralId = referralId,
            PreviousStatus = previous,
            Status = status,
            ChangedAt = changedAt,
            CreatedAt = changedAt,
            NextAttemptAt = changedAt
        };
}

/// <summary>
/// Her state after events not yet saved, by the same static <c>Apply(event, participant)</c> methods Marten uses to
/// build her snapshot: one rule for both, so a new event type is never missed here.
/// </summary>
public static class ParticipantEvolution
{
    private static readonly FrozenDictionary<Type, Func<object, Participant.Participants.Participant, Participant.Participants.Participant>> Appliers =
        typeof(Participant.Participants.Participant).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "Apply" && m.GetParameters() is { Length: 2 } ps
                                          && ps[1].ParameterType == typeof(Participant.Participants.Participant)
                                          && m.ReturnType == typeof(Participant.Participants.Participant))
            .ToFrozenDictionary(m => m.GetParameters()[0].ParameterType,
                m => (Func<object, Participant.Participants.Participant, Participant.Participants.Participant>)((e, p) =>
                    (Participant.Participants.Participant)m.Invoke(null, [e, p])!));

    public static bool Applies(object @event) => Appliers.ContainsKey(@event.GetType());

    public static Participant.Participants.Participant Fold(Participant.Participants.Participant participant, IEnumerable<object> events) =>
        events.Aggregate(participant, (p, e) => Appliers.TryGetValue(e.GetType(), out var apply) ? apply(e, p) : p);
}
