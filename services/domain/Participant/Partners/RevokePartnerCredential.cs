namespace NeemPlatform.Participant.Partners;

public static class RevokePartnerCredentialEndpoint
{
    [WolverineDelete("/api/partners/{partnerId}/credentials/{credentialId}", Name = "RevokePartnerCredential")]
    [EndpointSummary("Revoke a credential: it stops working on the next request")]
    [ProducesResponseType<PartnerView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Revoke(Guid partnerId, Guid credentialId, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var partner = await PartnerAccess.OwnAsync(session, partnerId, user, ct);
        var credential = partner?.Credentials.FirstOrDefault(c => c.Id == credentialId);
        if (partner is null || credential is null)
        {
            return Problems.NotFound("credential", credentialId);
        }

        if (credential.RevokedAt is null)
        {
            credential.RevokedAt = time.GetUtcNow();
            credential.RevokedBy = user.StaffId();
            session.Store(partner);
            PartnerAuthentication.Verified.TryRemove(credentialId, out _);
        }

        return TypedResults.Ok(PartnerAccess.View(partner));
    }
}
