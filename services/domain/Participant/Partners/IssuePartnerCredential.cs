namespace NeemPlatform.Participant.Partners;

/// <param name="Label">What the credential is for (the partner's system), 1–100 characters.</param>
/// <param name="Kind">live (default) or sandbox: a sandbox credential refers only the test identity numbers and its referrals reach no one.</param>
/// <param name="ExpiresAt">When it stops working by itself (at most five years ahead); leave out for a credential that lives until revoked.</param>
public sealed record IssueCredential(string Label, string? Kind = null, DateTimeOffset? ExpiresAt = null);

public static class IssuePartnerCredentialEndpoint
{
    [WolverinePost("/api/partners/{partnerId}/credentials", Name = "IssuePartnerCredential")]
    [EndpointSummary("Issue a credential; the key is shown once, only its hash is kept")]
    [ProducesResponseType<IssuedCredential>(StatusCodes.Status201Created)]
    public static async Task<IResult> Issue(Guid partnerId, IssueCredential command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var validation = new Validation().Text(command.Label, "label", 100, required: true)
            .Require(command.Kind is null || CredentialKinds.All.Contains(command.Kind), "kind", $"One of: {string.Join(", ", CredentialKinds.All)}.")
            .Require(command.ExpiresAt is null || (command.ExpiresAt > now && command.ExpiresAt <= now.AddYears(5)), "expiresAt",
                "An instant in the future, at most five years ahead, with its offset; or left out.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await PartnerAccess.OwnAsync(session, partnerId, user, ct) is not { } partner)
        {
            return Problems.NotFound("partner", partnerId);
        }

        var credentialId = Guid.CreateVersion7(now);
        var (key, hash) = PartnerKeys.Issue(credentialId);
        partner.Credentials.Add(new PartnerCredential
        {
            Id = credentialId,
            SecretHash = hash,
            Label = command.Label.Trim(),
            IssuedAt = now,
            IssuedBy = user.StaffId(),
            Kind = command.Kind ?? CredentialKinds.Live,
            ExpiresAt = command.ExpiresAt
        });
        session.Store(partner);
        session.Store(new CredentialIndex(credentialId, partner.Id));
        return TypedResults.Created($"/api/partners/{partner.Id}",
            new IssuedCredential(partner.Id, credentialId, key, ApiDocumentation.PartnerKeyHeader, now, command.Kind ?? CredentialKinds.Live,
                command.ExpiresAt));
    }
}
