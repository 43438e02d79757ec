namespace NeemPlatform.Participant.Referrals.Sandbox;

/// <summary>
/// The identity numbers a sandbox credential may refer: a fixed, published set, so that a partner's tests never carry a
/// real person's data. 19121212-1212 is Tolvan Tolvansson, the test person Swedish public services use; the others are
/// numbers with valid check digits kept for this sandbox (women and men, ages 25 to 60, one coordination number).
/// </summary>
public static class SandboxIdentityNumbers
{
    public static readonly IReadOnlyList<string> All =
    [
        "19121212-1212", "19850314-2120", "19900721-3847", "19780102-5961", "19950930-4482", "19820617-6607",
        "19731125-8722", "20010405-1248", "19880809-3317", "19660228-5733", "19930511-7955", "19870872-4060"
    ];

    private static readonly HashSet<string> TwelveDigits = All.Select(n => n.Replace("-", "", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    public static bool Contains(SwedishIdentityNumber number) => TwelveDigits.Contains(number.TwelveDigits);
}

/// <param name="Status">Where the sandbox referral moves: invited, in-process or closed (forward only).</param>
public sealed record MoveSandboxReferral(string Status);

public static class SandboxEndpoints
{
    private const string Tag = "Sandbox (partner API)";

    [WolverineGet("/api/sandbox/identity-numbers", Name = "ListSandboxIdentityNumbers")]
    [EndpointSummary("The test identity numbers a sandbox credential may refer (any other number is refused there)")]
    [ProducesResponseType<IReadOnlyList<string>>(StatusCodes.Status200OK)]
    public static IReadOnlyList<string> IdentityNumbers() => SandboxIdentityNumbers.All;

    [WolverinePost("/api/sandbox/referrals/{referralId}/status", Name = "MoveSandboxReferral")]
    [EndpointSummary("Move one of your sandbox referrals to a later status, as an advisor's work would, to test your status reads and callbacks")]
    [EndpointDescription("Only with a sandbox credential, and only forward (received → invited → in-process → closed). A callback is " +
                         "delivered to your sandbox callback address, as the live one would be.")]
    [ProducesResponseType<ReferralStatusView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Move(Guid referralId, MoveSandboxReferral command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var moves = ReferralProgress.All.Skip(1).ToList();
        if (command.Status is null || !moves.Contains(command.Status))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["status"] = [$"One of: {string.Join(", ", moves)}."] });
        }

        await session.LockAsync($"referral:{referralId}", ct);
        var referral = await session.LoadAsync<Referral>(referralId, ct);
        if (referral is null || referral.PartnerId != user.PartnerId() || !referral.IsSandbox || !user.InSandbox())
        {
            return Problems.NotFound("sandbox referral", referralId);
        }

        var now = time.GetUtcNow();
        var current = new ReferralProgress(referral.Id, referral.PartnerId, SwedishTime.DateOf(referral.ReceivedAt),
            referral.SandboxStatus ?? ReferralProgress.Received, referral.SandboxChangedAt);
        var moved = current.MoveTo(command.Status, now);
        if (moved == current)
        {
            return Problems.Refused("Status only moves forward",
                $"The referral is {current.Status}: it can move only to a later status (received → invited → in-process → closed).");
        }

        referral.SandboxStatus = moved.Status;
        referral.SandboxChangedAt = now;
        session.Store(referral);
        if ((await session.LoadAsync<Partner>(referral.PartnerId, ct))?.CallbackFor(CredentialKinds.Sandbox) is not null)
        {
            session.Store(ReferralStatusWatcher.Delivery(referral.PartnerId, CredentialKinds.Sandbox, referral.Id, current.Status, moved.Status, now));
        }

        return TypedResults.Ok(ReferralStatus.View(null, referral));
    }
}
