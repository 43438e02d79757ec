namespace NeemPlatform.Participant.Partners.Callbacks;

/// <summary>
/// One status change of one referral, to be delivered to its partner's callback address. It is stored in the same
/// transaction as the change itself (the outbox), so a change is never lost and never announced before it is
/// committed; the dispatcher delivers it at least once, with the same id on every attempt, and logs each attempt.
/// No personal data: the partner's case reference is read from the referral when it is sent (her erasure clears it).
/// </summary>
public sealed class CallbackDelivery
{
    public Guid Id { get; set; }
    public Guid PartnerId { get; set; }
    public string Kind { get; set; } = CredentialKinds.Live;
    public Guid ReferralId { get; set; }
    public string Status { get; set; } = "";
    public string PreviousStatus { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string State { get; set; } = CallbackStates.Pending;
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<CallbackAttempt> Attempts { get; set; } = [];

    /// <summary>How many attempts came before the current retry schedule (a partner's retry of a failed delivery starts a new one).</summary>
    public int ScheduleStartsAfter { get; set; }
}

/// <summary>One try: when, to which address, the receiver's HTTP status or why there was none, and how long it took.</summary>
public sealed record CallbackAttempt(DateTimeOffset At, string Url, int? StatusCode, string? Error, int DurationMs);

public static class CallbackStates
{
    /// <summary>Waiting for its next attempt.</summary>
    public const string Pending = "pending";

    /// <summary>The receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Every attempt of the retry schedule failed; a retry can be asked for.</summary>
    public const string Failed = "failed";

    /// <summary>The partner removed its callback address before it was delivered.</summary>
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, Failed, Cancelled];
}

/// <summary>What the partner's receiver gets: the same body on every attempt of one delivery.</summary>
/// <param name="Id">The delivery's id, also in the <c>webhook-id</c> header: the same on every retry, so a receiver can ignore a repeat.</param>
/// <param name="Type">Always <c>referral.status-changed</c>.</param>
/// <param name="Sandbox">True for a sandbox referral.</param>
/// <param name="ReferralId">Which of your referrals.</param>
/// <param name="Status">Its status now: invited, in-process or closed.</param>
/// <param name="PreviousStatus">Its status before this change.</param>
/// <param name="ChangedAt">When the status changed.</param>
/// <param name="CaseReference">Your own case reference, when you sent one (absent once the person's data was erased).</param>
public sealed record ReferralStatusCallback(
    Guid Id, string Type, bool Sandbox, Guid ReferralId, string Status, string PreviousStatus, DateTimeOffset ChangedAt, string? CaseReference);

/// <summary>
/// Signing as the Standard Webhooks specification describes it, so partners can verify with its libraries:
/// <c>webhook-signature: v1,base64(HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}"))</c>, with the
/// secret shown as <c>whsec_</c> + base64. Each attempt is signed afresh with its own timestamp, so a receiver that
/// refuses timestamps more than five minutes off and remembers the ids it has seen is safe from replays.
/// </summary>
public static class CallbackSigning
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>The partner's signing secret for one credential kind and generation.</summary>
    public static byte[] Secret(IdentityKey key, Guid partnerId, string kind, int generation) =>
        key.Derive($"callback-secret/{partnerId:N}/{kind}/{generation.ToString(CultureInfo.InvariantCulture)}");

    public static string Shown(byte[] secret) => SecretPrefix + Convert.ToBase64String(secret);

    public static string Signature(byte[] secret, Guid deliveryId, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(secret,
            Encoding.UTF8.GetBytes($"{deliveryId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));
}
