namespace NeemPlatform.Participant.PersonalData;

/// <summary>
/// The keyed hash (HMAC-SHA-256 under a secret of the region's instance) that recognises the same person
/// referred twice without storing her identity number twice, or anywhere outside her erasable
/// personal-data record. Without the secret the hash cannot be reversed by enumerating the (small) space
/// of identity numbers.
/// </summary>
public sealed class IdentityKey
{
    private readonly byte[] _secret;

    public IdentityKey(byte[] secret)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("The identity-key secret must be at least 32 bytes.", nameof(secret));
        }

        _secret = secret;
    }

    /// <summary>A keyed fingerprint of a request body (it may hold an identity number): for idempotency checks.</summary>
    public string Fingerprint(string text) =>
        Convert.ToHexString(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("request:" + text))).ToLowerInvariant();

    /// <summary>
    /// A pseudonym of an enterprise, from its (normalised) organisation number: the same enterprise gets the same id
    /// whoever records it, and without the secret the id cannot be traced back to the number.
    /// </summary>
    public Guid EnterpriseId(string organisationNumber) =>
        new(HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes("enterprise:" + organisationNumber)).AsSpan(0, 16));

    /// <summary>
    /// A secret for another purpose (a partner's callback signing secret), derived from this one under its own label:
    /// it reveals nothing of the identity hashes, and is the same on every node without being stored.
    /// </summary>
    public byte[] Derive(string purpose) => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("derive:" + purpose));

    public string Of(SwedishIdentityNumber number) =>
        Convert.ToHexString(HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(number.TwelveDigits))).ToLowerInvariant();
}
