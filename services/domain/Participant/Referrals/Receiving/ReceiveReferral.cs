using System.ComponentModel;

namespace NeemPlatform.Participant.Referrals.Receiving;

/// <summary>A partner's referral of one person to the programme.</summary>
/// <param name="PersonalIdentityNumber">Personnummer or samordningsnummer: YYMMDD-NNNC, YYMMDD+NNNC (aged 100 or more), YYYYMMDD-NNNC, or the same without separator.</param>
/// <param name="FirstName">Given name(s), 1–100 characters.</param>
/// <param name="LastName">Family name, 1–100 characters.</param>
/// <param name="Municipality">The municipality the person lives in.</param>
/// <param name="TargetGroup">job-guarantee-phase-1, job-guarantee-phase-2, newly-arrived or other.</param>
/// <param name="PermanentResidencePermit">Whether the person holds a permanent residence permit (required for selection).</param>
/// <param name="Consent">Must be true: the person has consented to the referral and to the programme processing her data.</param>
/// <param name="Phone">Phone number; a phone number or an e-mail address is required.</param>
/// <param name="Email">E-mail address; a phone number or an e-mail address is required.</param>
/// <param name="Gender">female, male, other or unspecified; leave out when unknown.</param>
/// <param name="BornAbroad">Whether the person was born outside Sweden; leave out when unknown.</param>
/// <param name="ParentBornAbroad">Whether a parent was born outside Sweden; leave out when unknown.</param>
/// <param name="Note">Free text for the advisor, at most 2,000 characters.</param>
/// <param name="CaseReference">Your own reference for this referral (your case number), 1–100 characters; returned in every answer
/// about it. Not a name or an identity number.</param>
public sealed record ReferralRequest(
    string PersonalIdentityNumber,
    string FirstName,
    string LastName,
    string Municipality,
    string TargetGroup,
    bool PermanentResidencePermit,
    bool Consent,
    string? Phone = null,
    string? Email = null,
    string? Gender = null,
    bool? BornAbroad = null,
    bool? ParentBornAbroad = null,
    string? Note = null,
    string? CaseReference = null)
{
    /// <summary>Checks every field; the identity number as of <paramref name="today"/>. Never echoes a value.</summary>
    public Validation Validate(DateOnly today, out PersonDetails? person)
    {
        SwedishIdentityNumber.TryParse(PersonalIdentityNumber, today, out var number, out var reason);
        var validation = new Validation()
            .Require(reason is null, "personalIdentityNumber", reason ?? "")
            .Name(FirstName, "firstName")
            .Name(LastName, "lastName")
            .Text(Municipality, "municipality", 100, required: true)
            .OneOf(TargetGroup, Vocabulary.TargetGroups, "targetGroup")
            .Require(Consent, "consent", "Must be true: the programme needs the person's consent.")
            .Phone(Phone, "phone")
            .Email(Email, "email")
            .Require(Phone is not null || Email is not null, "phone", "Give a phone number or an e-mail address (or both).")
            .Require(Gender is null || Vocabulary.Genders.Contains(Gender), "gender",
                $"Must be one of: {string.Join(", ", Vocabulary.Genders)}, or left out.")
            .Text(Note, "note", PersonalFields.MaxNoteLength, multiline: true)
            .Text(CaseReference, "caseReference", 100)
            .Require(CaseReference is null || !SwedishIdentityNumber.OccursIn(CaseReference, today), "caseReference",
                "Your own case number, not the person's identity number.");
        person = validation.IsValid
            ? new PersonDetails(number!, FirstName, LastName, Phone, Email, Municipality, TargetGroup, PermanentResidencePermit,
                Gender ?? Vocabulary.UnspecifiedGender, BornAbroad, ParentBornAbroad, Note)
            : null;
        return validation;
    }
}

public static class ReceiveReferralEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxKeyLength = 100;

    public static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxKeyLength && key.All(c => c is >= '!' and <= '~');

    [WolverinePost("/api/referrals", Name = "ReceiveReferral")]
    [EnableRateLimiting(PartnerAuthentication.RateLimitPolicy)]
    [EndpointSummary("Refer a person to the programme")]
    [EndpointDescription(
        "Authenticate with your organisation's credential in the X-Api-Key header. Send a unique Idempotency-Key " +
        "header (1–100 printable ASCII characters, e.g. a UUID) with every new referral and reuse it when you retry: " +
        "the same key and body return the original answer (201, with the header Idempotent-Replayed: true), the same " +
        "key with another body is refused with 422. Bodies over 64 KB are refused with 413; above your organisation's " +
        "rate limit you get 429 with Retry-After (seconds). Invalid fields give a 400 problem+json whose 'errors' name " +
        "each field; an identity number is never repeated in an answer. A person referred before (by you or another " +
        "partner) is recognised: your referral is recorded and answered like any other.")]
    [ProducesResponseType<ReferralReceipt>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> Post(
        ReferralRequest request,
        [FromHeader(Name = IdempotencyHeader), Description("Unique per referral; reuse it only to retry the same referral.")] string? idempotencyKey,
        ClaimsPrincipal user, IdentityKey identityKey, ReferralIntake intake, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var sandbox = user.InSandbox();
        var validation = request.Validate(SwedishTime.DateOf(now), out var person)
            .Require(IsValidKey(idempotencyKey), IdempotencyHeader,
                $"Required header: 1–{MaxKeyLength} printable ASCII characters, unique per referral.");
        if (sandbox && person is not null)
        {
            // A real person's data never goes into the sandbox, even by mistake.
            validation.Require(Sandbox.SandboxIdentityNumbers.Contains(person.Number), "personalIdentityNumber",
                "In the sandbox only the test identity numbers are accepted (GET /api/sandbox/identity-numbers).");
        }
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var partnerId = user.PartnerId();
        var outcome = await intake.SubmitAsync(new ReferralIntake.Submission(partnerId, IdempotencyRecord.IdFor(partnerId, sandbox, idempotencyKey!),
            identityKey.Fingerprint(JsonSerializer.Serialize(request)), person!, now, request.CaseReference?.Trim(), sandbox));
        return outcome switch
        {
            ReferralIntake.Accepted accepted => TypedResults.Created($"/api/referrals/{accepted.Receipt.ReferralId}", accepted.Receipt),
            ReferralIntake.Replayed replayed => new ReplayedResult(replayed.Record),
            ReferralIntake.KeyReused => Problems.Refused("Idempotency key reused",
                $"This {IdempotencyHeader} was already used for a different request body. Use a new key for a new referral."),
            _ => TypedResults.Problem(Problems.ServiceStopping())
        };
    }

    /// <summary>The stored answer, marked as a replay.</summary>
    private sealed class ReplayedResult(IdempotencyRecord stored) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            httpContext.Response.Headers.Location = $"/api/referrals/{stored.Receipt.ReferralId}";
            httpContext.Response.StatusCode = stored.StatusCode;
            return httpContext.Response.WriteAsJsonAsync(stored.Receipt, httpContext.RequestAborted);
        }
    }
}
