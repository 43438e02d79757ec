namespace NeemPlatform.Participant.Participants.Registering;

/// <summary>What a referral or a registration says about a person, validated. Holds direct identifiers.</summary>
public sealed record PersonDetails(
    SwedishIdentityNumber Number, string FirstName, string LastName, string? Phone, string? Email, string Municipality,
    string TargetGroup, bool PermanentResidencePermit, string Gender, bool? BornAbroad, bool? ParentBornAbroad, string? Note);

/// <summary>
/// How a person becomes a participant: by a partner's referral or an advisor's registration. The same
/// person (matched by the keyed hash of her identity number) is one participant however many referrals
/// she gets; her direct identifiers go to her personal-data record only.
/// </summary>
public static class Intake
{
    public sealed record Received(Participant Participant, ReferralReceived Referral, bool First);

    /// <summary>The events for one more referral of a person (pure: no database, no clock).</summary>
    public static IReadOnlyList<IParticipantEvent> Decide(Participant? existing, PersonDetails person, string source, Guid? partnerId,
        Guid participantId, Guid referralId, Guid eventId, string region, DateOnly today, DateTimeOffset now)
    {
        var referral = new ReferralReceived(participantId, referralId, eventId, partnerId, source, person.TargetGroup,
            person.PermanentResidencePermit, today, now);
        if (existing is not null)
        {
            return [referral];
        }

        return
        [
            new ParticipantRegistered(participantId, region, source, person.TargetGroup, person.Municipality.Trim(),
                person.PermanentResidencePermit, person.Gender, person.BornAbroad, person.ParentBornAbroad,
                Vocabulary.AgeBand(person.Number.BirthDate, today), today, now),
            referral
        ];
    }

    /// <summary>The advisory-lock key that serialises everything recorded about one person (by the keyed hash of her number).</summary>
    public static string PersonLockKey(string hash) => "person:" + hash;

    /// <summary>One more referral or registration of a person: locks her, looks her up, records it.</summary>
    public static async Task<Received> ReceiveAsync(IDocumentSession session, IMessageBus bus, IdentityKey key, PersonDetails person,
        string source, Guid? partnerId, Guid referralId, string region, string writtenBy, DateTimeOffset now, CancellationToken ct,
        DateOnly? receivedOn = null)
    {
        var hash = key.Of(person.Number);
        await session.LockAsync(PersonLockKey(hash), ct);
        var index = await session.LoadAsync<IdentityIndex>(hash, ct);
        return await ReceiveAsync(session, bus, hash, index, person, source, partnerId, referralId, region, writtenBy, now, ct, receivedOn);
    }

    /// <summary>
    /// The same, for a caller that already holds the lock on the person (<see cref="PersonLockKey"/>) in the session's
    /// transaction and has looked up her <paramref name="index"/> (null: a person not seen before).
    /// </summary>
    public static async Task<Received> ReceiveAsync(IDocumentSession session, IMessageBus bus, string hash, IdentityIndex? index,
        PersonDetails person, string source, Guid? partnerId, Guid referralId, string region, string writtenBy, DateTimeOffset now,
        CancellationToken ct, DateOnly? receivedOn = null)
    {
        var existing = index is null ? null : await session.LoadAsync<Participant>(index.ParticipantId, ct);
        var participantId = existing?.Id ?? Guid.CreateVersion7(now);
        var today = receivedOn ?? SwedishTime.DateOf(now);

        var events = Decide(existing, person, source, partnerId, participantId, referralId, Guid.CreateVersion7(now), region, today, now);
        var participant = Participant.Fold(existing, events);

        if (existing is null)
        {
            session.Events.StartStream<Participant>(participantId, events.ToArray());
            session.Insert(new IdentityIndex(hash, participantId));
        }
        else
        {
            // With her expected version: a concurrent change to her record makes this a lost race, never a lost update.
            var stream = await session.FetchForExclusiveWritingAsync<Participant>(participantId, ct);
            stream.AppendMany(events);
        }

        if (existing is null)
        {
            var record = new PersonalDataRecord
            {
                Id = participantId,
                IdentityNumber = person.Number.TwelveDigits,
                FirstName = person.FirstName.Trim(),
                LastName = person.LastName.Trim(),
                Phone = person.Phone,
                Email = person.Email
            };
            if (!string.IsNullOrWhiteSpace(person.Note))
            {
                record.Notes.Add(new PersonalNote(source, person.Note.Trim(), writtenBy, now));
            }

            session.Store(record);
        }
        else if (await session.LoadAsync<PersonalDataRecord>(participantId, ct) is { } record
                 && PersonalDataProposal.Between(record, referralId, source, person.FirstName, person.LastName, person.Phone, person.Email,
                     person.Note, now) is { } proposal)
        {
            // Someone already known: what this referral says differently waits for an advisor; her record stays as it is.
            record.Proposals.Add(proposal);
            session.Store(record);
        }

        var referral = events.OfType<ReferralReceived>().Single();
        await bus.PublishAsync(participant!.Referred(referral, existing is null));
        return new Received(participant!, referral, existing is null);
    }
}
