using NeemPlatform.Participant.Participants.AuditingErasures;

namespace NeemPlatform.Participant.Participants.Erasing;

/// <summary>
/// Erase her personal data (GDPR): the personal-data record (identity number, name, contacts, organisation
/// number, notes) and the identity index are deleted, the erasure is recorded, and ParticipantErased tells
/// the other services to drop what identifies her. The anonymous history stays and replays.
/// </summary>
public sealed record ErasePersonalData(string Basis, DateOnly ErasedOn);

public static class ErasePersonalDataEndpoint
{
    public static Validation Check(ErasePersonalData command) => new Validation()
        .OneOf(command.Basis, Vocabulary.ErasureBases, "basis")
        .Date(command.ErasedOn, "erasedOn");

    [WolverinePost("/api/participants/{participantId}/erasure", Name = "ErasePersonalData")]
    [EndpointSummary("Erase her personal data (region manager or administrator); the anonymous history stays")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid participantId, ErasePersonalData command, ClaimsPrincipal user,
        IDocumentSession session, IMessageBus bus, IdentityKey identityKey, TimeProvider time, CancellationToken ct)
    {
        var validation = Check(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForReadingAsync(participantId, user, ct) is not { } found)
        {
            return Problems.NotFound("participant", participantId);
        }

        if (found.Erased)
        {
            return TypedResults.Ok(found);
        }

        // Free text inside her events first (its own transaction, before her stream's lock is taken here).
        await session.MaskEventsAsync([participantId], ct);
        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream)
        {
            return Problems.NotFound("participant", participantId);
        }

        if (participant.Erased)
        {
            return TypedResults.Ok(participant);
        }

        var now = time.GetUtcNow();
        var removed = new List<ErasedItem> { new(ErasedItems.FreeTextInHistory, 1) };
        // The staff member's explanations of reveals may name her: who, when and the purpose stay in the audit.
        var explained = await session.Query<RevealingIdentityNumber.IdentityRevealAudit>()
            .Where(a => a.ParticipantId == participantId && a.Reason != null).ToListAsync(ct);
        foreach (var reveal in explained)
        {
            reveal.Reason = null;
            session.Store(reveal);
        }

        removed.Add(new ErasedItem(ErasedItems.RevealExplanations, explained.Count));

        // The partners' own case references point at her in their systems: they go too (the referral's course stays).
        var referrals = await session.Query<Referrals.Referral>().Where(r => r.ParticipantId == participantId).ToListAsync(ct);
        foreach (var referral in referrals.Where(r => r.CaseReference is not null))
        {
            referral.CaseReference = null;
            session.Store(referral);
        }

        removed.Add(new ErasedItem(ErasedItems.PartnerCaseReferences, referrals.Count(r => r.CaseReference is not null)));
        var referralIds = referrals.Select(r => r.Id).ToList();
        foreach (var answer in referralIds.Count == 0 ? [] : await session.Query<Referrals.IdempotencyRecord>()
                     .Where(a => referralIds.Contains(a.Receipt.ReferralId)).ToListAsync(ct))
        {
            if (answer.Receipt.CaseReference is not null)
            {
                answer.Receipt = answer.Receipt with { CaseReference = null };
                session.Store(answer);
            }
        }

        if (await session.LoadAsync<PersonalDataRecord>(participantId, ct) is { } record)
        {
            if (SwedishIdentityNumber.TryParse(record.IdentityNumber, SwedishTime.DateOf(now), out var number, out _))
            {
                session.Delete<IdentityIndex>(identityKey.Of(number!));
            }

            session.DeleteWhere<IdentityIndex>(i => i.ParticipantId == participantId);
            // What was written to her (addresses, words with her name) and her follow-up links go with her record.
            session.DeleteWhere<Messaging.OutgoingMessage>(m => m.ParticipantId == participantId);
            session.DeleteWhere<FollowingUp.FollowUpLink>(l => l.ParticipantId == participantId);
            // Her complaints stay counted; what she wrote and what she was answered go.
            foreach (var complaint in await session.Query<Complaints.Complaint>().Where(c => c.ParticipantId == participantId).ToListAsync(ct))
            {
                (complaint.Summary, complaint.Answer) = (NeemPlatform.Hosting.Erasure.Placeholder, complaint.Answer is null ? null : NeemPlatform.Hosting.Erasure.Placeholder);
                session.Store(complaint);
            }

            session.Delete(record);
            removed.Insert(0, new ErasedItem(ErasedItems.PersonalDataRecord, 1));
        }

        removed.Add(new ErasedItem(ErasedItems.OtherServicesTold, 1));
        var erased = new PersonalDataErased(participant.Id, Guid.CreateVersion7(now), command.Basis, user.StaffId(), command.ErasedOn, now,
            removed.Where(r => r.Count > 0).ToList());
        stream.AppendOne(erased);
        participant = Participant.Apply(erased, participant);
        await bus.PublishAsync(participant.Erased(erased));
        return TypedResults.Ok(participant);
    }
}
