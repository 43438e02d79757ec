namespace NeemPlatform.Participant.Partners;

public sealed record RegisterPartner(string Name);

/// <param name="Label">What the credential is for (the partner's system), 1–100 characters.</param>
/// <param name="Kind">live (default) or sandbox: a sandbox credential refers only the test identity numbers and its referrals reach no one.</param>
/// <param name="ExpiresAt">When it stops working by itself (at most five years ahead); leave out for a credential that lives until revoked.</param>
public sealed record IssueCredential(string Label, string? Kind = null, DateTimeOffset? ExpiresAt = null);

public sealed record CredentialView(Guid Id, string Label, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset? RevokedAt, string? RevokedBy,
    string Kind, DateTimeOffset? ExpiresAt);

/// <summary>A registered callback address as the administrator sees it (never the secret).</summary>
public sealed record CallbackAddressView(string Kind, string Url, DateTimeOffset RegisteredAt, int SecretGeneration);

public sealed record PartnerView(Guid Id, string Name, string Region, DateTimeOffset CreatedAt, IReadOnlyList<CredentialView> Credentials,
    IReadOnlyList<CallbackAddressView> Callbacks);

/// <summary>The credential as issued: <see cref="Key"/> is shown this once and never stored.</summary>
public sealed record IssuedCredential(Guid PartnerId, Guid CredentialId, string Key, string Header, DateTimeOffset IssuedAt, string Kind,
    DateTimeOffset? ExpiresAt);

/// <summary>Administrators register partner organisations and issue, list and revoke their credentials.</summary>
public static class PartnerEndpoints
{
    public static PartnerView View(Partner p) => new(p.Id, p.Name, p.Region, p.CreatedAt,
        p.Credentials.Select(c => new CredentialView(c.Id, c.Label, c.IssuedAt, c.IssuedBy, c.RevokedAt, c.RevokedBy, c.Kind, c.ExpiresAt)).ToList(),
        p.Callbacks.Select(c => new CallbackAddressView(c.Kind, c.Url, c.RegisteredAt, c.SecretGeneration)).ToList());

    /// <summary>The partner, if it belongs to the staff member's region (another region's is answered as missing).</summary>
    internal static async Task<Partner?> OwnAsync(IQuerySession session, Guid partnerId, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<Partner>(partnerId, ct) is { } p && p.Region == user.StaffRegion() ? p : null;

    [WolverinePost("/api/partners", Name = "RegisterPartner")]
    [EndpointSummary("Register a partner organisation")]
    [ProducesResponseType<PartnerView>(StatusCodes.Status201Created)]
    public static IResult Register(RegisterPartner command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, TimeProvider time)
    {
        var validation = new Validation().Text(command.Name, "name", 200, required: true);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var now = time.GetUtcNow();
        var partner = new Partner
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name.Trim(),
            Region = instance.Region,
            CreatedAt = now,
            CreatedBy = user.StaffId()
        };
        session.Store(partner);
        return TypedResults.Created($"/api/partners/{partner.Id}", View(partner));
    }

    [WolverineGet("/api/partners", Name = "ListPartners")]
    [EndpointSummary("The region's partner organisations and their credentials (never the secrets)")]
    [ProducesResponseType<IReadOnlyList<PartnerView>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<PartnerView>> List(ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var region = instance.Region;
        var partners = await session.Query<Partner>().Where(p => p.Region == region).OrderBy(p => p.Name).ToListAsync(ct);
        return partners.Select(View).ToList();
    }

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

        if (await OwnAsync(session, partnerId, user, ct) is not { } partner)
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

    [WolverineDelete("/api/partners/{partnerId}/credentials/{credentialId}", Name = "RevokePartnerCredential")]
    [EndpointSummary("Revoke a credential: it stops working on the next request")]
    [ProducesResponseType<PartnerView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Revoke(Guid partnerId, Guid credentialId, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var partner = await OwnAsync(session, partnerId, user, ct);
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

        return TypedResults.Ok(View(partner));
    }
}
