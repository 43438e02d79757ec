namespace NeemPlatform.Participant.Partners;

/// <summary>A partner organisation that refers people to the programme through the integration API.</summary>
public sealed class Partner
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Region { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public List<PartnerCredential> Credentials { get; set; } = [];

    /// <summary>Where the partner wants its referrals' status changes delivered: at most one address per credential kind.</summary>
    public List<CallbackRegistration> Callbacks { get; set; } = [];

    public CallbackRegistration? CallbackFor(string kind) => Callbacks.FirstOrDefault(c => c.Kind == kind);
}

/// <summary>
/// A partner's HTTPS address for status callbacks of one credential kind (live or sandbox). The signing secret is
/// never stored: it is derived from the region's key, the partner, the kind and <see cref="SecretGeneration"/>, so
/// rotating it is a new generation. The previous one still signs beside it until <see cref="PreviousSecretValidUntil"/>.
/// </summary>
public sealed class CallbackRegistration
{
    public string Kind { get; set; } = CredentialKinds.Live;
    public string Url { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public int SecretGeneration { get; set; } = 1;
    public DateTimeOffset? PreviousSecretValidUntil { get; set; }
}

/// <summary>
/// A live credential refers real people. A sandbox credential refers only the documented test identity numbers:
/// its referrals are checked and answered exactly like live ones, but never become participants, never reach a
/// staff worklist or the MIS, and their status moves only when the partner moves it.
/// </summary>
public static class CredentialKinds
{
    public const string Live = "live";
    public const string Sandbox = "sandbox";
    public static readonly IReadOnlyList<string> All = [Live, Sandbox];
}

/// <summary>
/// One issued credential. Only the SHA-256 of its secret is stored: the secret is shown once, at issue.
/// A revoked credential stops working on the next request.
/// </summary>
public sealed class PartnerCredential
{
    public Guid Id { get; set; }
    public string SecretHash { get; set; } = "";
    public string Label { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public string IssuedBy { get; set; } = "";

    /// <summary>live or sandbox (<see cref="CredentialKinds"/>); credentials issued before sandboxes existed are live.</summary>
    public string Kind { get; set; } = CredentialKinds.Live;

    /// <summary>When the credential stops working by itself, if the administrator gave it an expiry.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>Finds a partner by credential id without loading every partner.</summary>
public sealed record CredentialIndex(Guid Id, Guid PartnerId);

/// <summary>
/// Credentials look like <c>neem_pk_{credential id, 32 hex}_{secret, 43 base64url}</c>. The id finds the
/// stored hash; the 256-bit secret is compared by hash in constant time.
/// </summary>
public static class PartnerKeys
{
    public const string Prefix = "neem_pk_";

    public static (string Key, string SecretHash) Issue(Guid credentialId)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{credentialId:N}_{secret}", Hash(secret));
    }

    public static bool TryParse(string? key, out Guid credentialId, out string secret)
    {
        credentialId = Guid.Empty;
        secret = "";
        if (key is null || key.Length != Prefix.Length + 32 + 1 + 43 || !key.StartsWith(Prefix, StringComparison.Ordinal)
            || key[Prefix.Length + 32] != '_'
            || !Guid.TryParseExact(key.AsSpan(Prefix.Length, 32), "N", out credentialId))
        {
            return false;
        }

        secret = key[(Prefix.Length + 33)..];
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
