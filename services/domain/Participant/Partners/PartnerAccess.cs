namespace NeemPlatform.Participant.Partners;

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
/// <summary>An administrator reaches her own region's partner organisations only; what the partner endpoints answer.</summary>
public static class PartnerAccess
{
    public static PartnerView View(Partner p) => new(p.Id, p.Name, p.Region, p.CreatedAt,
        p.Credentials.Select(c => new CredentialView(c.Id, c.Label, c.IssuedAt, c.IssuedBy, c.RevokedAt, c.RevokedBy, c.Kind, c.ExpiresAt)).ToList(),
        p.Callbacks.Select(c => new CallbackAddressView(c.Kind, c.Url, c.RegisteredAt, c.SecretGeneration)).ToList());

    /// <summary>The partner, if it belongs to the staff member's region (another region's is answered as missing).</summary>
    internal static async Task<Partner?> OwnAsync(IQuerySession session, Guid partnerId, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<Partner>(partnerId, ct) is { } p && p.Region == user.StaffRegion() ? p : null;
}
