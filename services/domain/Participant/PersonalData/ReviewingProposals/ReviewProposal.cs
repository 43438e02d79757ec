namespace NeemPlatform.Participant.PersonalData.ReviewingProposals;

/// <summary>
/// An advisor accepts or dismisses what a later referral said differently about her (name, phone, e-mail, a note).
/// Accepting copies the differing details into her record; either way the proposal is gone.
/// </summary>
public sealed record ReviewProposal(string Decision);

public static class ReviewProposalEndpoint
{
    public const string Accept = "accept";
    public const string Dismiss = "dismiss";

    /// <summary>Her record after the decision (pure: changes <paramref name="record"/> in place, returns whether the proposal existed).</summary>
    public static bool Apply(PersonalDataRecord record, Guid referralId, string decision, string staffId, DateTimeOffset now)
    {
        var proposal = record.Proposals.FirstOrDefault(p => p.ReferralId == referralId);
        if (proposal is null)
        {
            return false;
        }

        record.Proposals.Remove(proposal);
        if (decision == Accept)
        {
            record.FirstName = proposal.FirstName ?? record.FirstName;
            record.LastName = proposal.LastName ?? record.LastName;
            record.Phone = proposal.Phone ?? record.Phone;
            record.Email = proposal.Email ?? record.Email;
            if (proposal.Note is not null)
            {
                record.Notes.Add(new PersonalNote(proposal.Source, proposal.Note, staffId, now));
            }
        }

        return true;
    }

    [WolverinePost("/api/participants/{participantId}/personal-data/proposals/{referralId}", Name = "ReviewPersonalDataProposal")]
    [EndpointSummary("Accept or dismiss the details a later referral gave for her (decision: accept or dismiss)")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Post(Guid participantId, Guid referralId, ReviewProposal command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().OneOf(command.Decision, [Accept, Dismiss], "decision");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        // Her lock serialises this with a referral of her arriving at the same moment.
        if (await session.ForWritingAsync(participantId, user, ct) is null
            || await session.LoadAsync<PersonalDataRecord>(participantId, ct) is not { } record
            || !Apply(record, referralId, command.Decision, user.StaffId(), time.GetUtcNow()))
        {
            return Problems.NotFound("proposal", referralId);
        }

        session.Store(record);
        return TypedResults.NoContent();
    }
}
