namespace NeemPlatform.Participant.Participants.ClosingReferral;

/// <summary>
/// An advisor handles a referral without taking it further: its partner then sees "closed". The reason is a code
/// (free text about her belongs in her notes). Closing a closed referral again with the same reason is a no-op.
/// </summary>
public sealed record CloseReferral(string Reason);

public static class CloseReferralEndpoint
{
    public static readonly IReadOnlyList<string> Reasons = ["not-eligible", "duplicate", "no-contact", "declined", "other"];

    public static ReferralClosed? Decide(Participant p, Guid referralId, CloseReferral c, string staffId, DateTimeOffset now, out string? refusal)
    {
        var referral = p.ReferralsReceived?.FirstOrDefault(r => r.ReferralId == referralId);
        refusal = referral is null ? "She has no referral with that id." : null;
        return referral is { IsOpen: true } ? new ReferralClosed(p.Id, referralId, c.Reason, staffId, now) : null;
    }

    [WolverinePost("/api/participants/{participantId}/referrals/{referralId}/close", Name = "CloseReferral")]
    [EndpointSummary("Close one of her referrals without taking it further (its partner sees 'closed')")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid participantId, Guid referralId, CloseReferral command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().OneOf(command.Reason, Reasons, "reason");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream)
        {
            return Problems.NotFound("participant", participantId);
        }

        var closed = Decide(participant, referralId, command, user.StaffId(), time.GetUtcNow(), out var refusal);
        if (refusal is not null)
        {
            return Problems.NotFound("referral", referralId);
        }

        if (closed is null)
        {
            return TypedResults.Ok(participant);
        }

        stream.AppendOne(closed);
        return TypedResults.Ok(Participant.Apply(closed, participant));
    }
}
