using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NeemPlatform.Participant.Partners;

/// <summary>
/// What the partner API's validators enforce, said in its OpenAPI document: the closed sets of values (from the same
/// vocabularies the validators use), the limits, the formats and an example of every request and answer.
/// </summary>
public static class PartnerContract
{
    private static readonly Guid ExampleReferral = Guid.Parse("0193f7c2-5a1e-7c3b-9d2f-4b8e6a1c0d27");
    private static readonly DateTimeOffset ExampleReceived = new(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset ExampleChanged = new(2026, 3, 9, 14, 2, 0, TimeSpan.FromHours(1));

    private static readonly FieldFacts ReferralStatus = new("The referral's status (see the guide).", ReferralProgress.All);
    private static readonly FieldFacts CaseReference = new("Your own case reference, 1–100 characters; never an identity number.", MinLength: 1, MaxLength: 100);

    /// <summary>What the partner's receiver gets, as an OpenAPI 3.1 webhook: the body, the signature headers and the answers it should give.</summary>
    public static async Task AddCallbackWebhookAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[nameof(ReferralStatusCallback)] = await context.GetOrCreateSchemaAsync(typeof(ReferralStatusCallback), null, ct);
        OpenApiParameter Header(string name, string description, string? pattern = null) => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = true,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern }
        };
        document.Webhooks = new Dictionary<string, IOpenApiPathItem>
        {
            ["referralStatusChanged"] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        OperationId = "ReferralStatusChanged",
                        Summary = "One of your referrals changed status (sent to your callback address)",
                        Description = "Signed as the Standard Webhooks specification describes; see the partner guide. Answer 2xx within " +
                                      "10 seconds; anything else is retried on the schedule the guide gives.",
                        Tags = new HashSet<OpenApiTagReference> { new("Status callbacks (partner API)", document) },
                        Security = [],
                        Parameters =
                        [
                            Header(CallbackSigning.IdHeader, "The delivery's id, the same on every retry: ignore one you have processed."),
                            Header(CallbackSigning.TimestampHeader, "Unix seconds of this attempt: refuse one more than 5 minutes off.", "^[0-9]+$"),
                            Header(CallbackSigning.SignatureHeader, "v1,base64(HMAC-SHA256(secret, id.timestamp.body)); two, space-separated, during a secret rotation.",
                                "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)?$")
                        ],
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ReferralStatusCallback), document) }
                            }
                        },
                        Responses = new OpenApiResponses
                        {
                            ["200"] = new OpenApiResponse { Description = "Received (any 2xx will do)." },
                            ["default"] = new OpenApiResponse { Description = "Anything else, or no answer in time: the delivery is retried." }
                        }
                    }
                }
            }
        };
    }

    public static ApiSchemaFacts Facts() => new ApiSchemaFacts()
        .For(new Dictionary<string, FieldFacts>
        {
            ["personalIdentityNumber"] = new("Personnummer or samordningsnummer: YYYYMMDD-NNNC, YYMMDD-NNNC, YYMMDD+NNNC (aged 100 or more), or without separator.",
                Pattern: @"^(\d{2})?\d{6}[-+]?\d{4}$", Example: "19850314-2120"),
            ["firstName"] = new("Given name(s).", MinLength: 1, MaxLength: PersonalFields.MaxNameLength),
            ["lastName"] = new("Family name.", MinLength: 1, MaxLength: PersonalFields.MaxNameLength),
            ["municipality"] = new("The municipality she lives in.", MinLength: 1, MaxLength: 100),
            ["targetGroup"] = new("Which of the programme's target groups referred her.", Vocabulary.TargetGroups),
            ["permanentResidencePermit"] = new("Whether she holds a permanent residence permit (required for selection)."),
            ["consent"] = new("Must be true: she consented to the referral and to the programme processing her data."),
            ["phone"] = new("Phone number: digits, optionally a leading '+', spaces, '-' or parentheses. A phone number or an e-mail address is required.",
                MinLength: 6, MaxLength: 20),
            ["email"] = new("E-mail address. A phone number or an e-mail address is required.", MaxLength: 254, Format: "email"),
            ["gender"] = new("Leave out when unknown.", Vocabulary.Genders),
            ["bornAbroad"] = new("Born outside Sweden; leave out when unknown."),
            ["parentBornAbroad"] = new("A parent born outside Sweden; leave out when unknown."),
            ["note"] = new("Free text for the advisor (plain text, line breaks allowed).", MaxLength: PersonalFields.MaxNoteLength),
            ["caseReference"] = CaseReference
        }, new ReferralRequest("19850314-2120", "Amina", "Tolvansson", "Botkyrka", "newly-arrived", true, true, Phone: "070-123 45 67",
            Gender: "female", BornAbroad: true, Note: "Wants to start a catering business.", CaseReference: "AF-2026-0042"))
        .For(new Dictionary<string, FieldFacts> { ["status"] = ReferralStatus, ["caseReference"] = CaseReference },
            new ReferralReceipt(ExampleReferral, ReferralProgress.Received, ExampleReceived, "AF-2026-0042"))
        .For(new Dictionary<string, FieldFacts>
        {
            ["status"] = ReferralStatus,
            ["caseReference"] = CaseReference,
            ["changedAt"] = new("When the status last changed (receivedAt until it first moves).")
        }, new ReferralStatusView(ExampleReferral, ReferralProgress.InProcess, ExampleReceived, ExampleChanged, "AF-2026-0042"))
        .For(new Dictionary<string, FieldFacts>
        {
            ["total"] = new("How many referrals match, on all pages.", Minimum: 0),
            ["next"] = new("The next page's address; absent on the last page.")
        }, new ReferralPage([new ReferralStatusView(ExampleReferral, ReferralProgress.InProcess, ExampleReceived, ExampleChanged, "AF-2026-0042")],
            1, 50, 1, null))
        .For(new Dictionary<string, FieldFacts>
        {
            ["url"] = new("Your receiver: an absolute https address on the public internet, without user name, password or fragment.",
                MinLength: 9, MaxLength: CallbackSupport.MaxUrlLength, Pattern: "^https://", Format: "uri")
        }, new RegisterCallback("https://integration.botkyrka.se/neem/callbacks"))
        .For(new Dictionary<string, FieldFacts>
        {
            ["kind"] = new("The kind of key the address is for.", CredentialKinds.All),
            ["secret"] = new("The signing secret, only in the answer to a registration or rotation.", Pattern: "^whsec_")
        }, new CallbackView("https://integration.botkyrka.se/neem/callbacks", CredentialKinds.Live, ExampleReceived, 1, null,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .For(new Dictionary<string, FieldFacts>
        {
            ["kind"] = new("live or sandbox.", CredentialKinds.All),
            ["state"] = new("Where the delivery stands.", CallbackStates.All),
            ["status"] = ReferralStatus,
            ["previousStatus"] = ReferralStatus
        }, new CallbackDeliveryView(ExampleReferral, ExampleReferral, CredentialKinds.Live, ReferralProgress.InProcess, ReferralProgress.Received,
            ExampleChanged, CallbackStates.Delivered, null, ExampleChanged.AddSeconds(12),
            [
                new CallbackAttempt(ExampleChanged.AddSeconds(1), "https://integration.botkyrka.se/neem/callbacks", 503, null, 211),
                new CallbackAttempt(ExampleChanged.AddSeconds(12), "https://integration.botkyrka.se/neem/callbacks", 200, null, 95)
            ]))
        .For(new Dictionary<string, FieldFacts>
        {
            ["statusCode"] = new("Your receiver's HTTP status, when it answered."),
            ["error"] = new("Why there was no answer.", ["timeout", "address-refused", "name-not-resolved", "connection-failed", "tls-failed", "http-error"])
        }, new CallbackAttempt(ExampleChanged, "https://integration.botkyrka.se/neem/callbacks", null, "timeout", 10000))
        .For(new Dictionary<string, FieldFacts>
        {
            ["type"] = new("What happened.", ["referral.status-changed"]),
            ["status"] = ReferralStatus,
            ["previousStatus"] = ReferralStatus,
            ["caseReference"] = CaseReference
        }, new ReferralStatusCallback(ExampleReferral, "referral.status-changed", false, ExampleReferral, ReferralProgress.InProcess,
            ReferralProgress.Received, ExampleChanged, "AF-2026-0042"))
        .For(new Dictionary<string, FieldFacts>
        {
            ["status"] = new("A later status than the referral's.", ReferralProgress.All.Skip(1).ToList())
        }, new MoveSandboxReferral(ReferralProgress.Invited))
        .For(new Dictionary<string, FieldFacts>
        {
            ["label"] = new("What the key is for.", MinLength: 1, MaxLength: 100),
            ["kind"] = new("live (default) or sandbox.", CredentialKinds.All)
        }, new IssueCredential("Case system", CredentialKinds.Sandbox, new DateTimeOffset(2027, 6, 30, 23, 59, 59, TimeSpan.FromHours(2))))
        .For(new Dictionary<string, FieldFacts> { ["kind"] = new("live or sandbox.", CredentialKinds.All) }, default(CredentialView))
        .Parameter("GET /api/referrals", "page", new("Page number, from 1.", Minimum: 1, Maximum: 100_000))
        .Parameter("GET /api/referrals", "pageSize", new("Referrals per page.", Minimum: 1, Maximum: 200))
        .Parameter("GET /api/referrals", "changedSince", new("Only referrals received or whose status changed at or after this instant (with its offset)."))
        .Parameter("GET /api/callback/deliveries", "page", new("Page number, from 1.", Minimum: 1, Maximum: 100_000))
        .Parameter("GET /api/callback/deliveries", "pageSize", new("Deliveries per page.", Minimum: 1, Maximum: 200))
        .Parameter("GET /api/callback/deliveries", "state", new("Only deliveries in this state.", CallbackStates.All))
        .Parameter("GET /api/partners/{partnerId}/callback-deliveries", "kind", new("The log of the live or the sandbox address.", CredentialKinds.All))
        .Parameter("GET /api/partners/{partnerId}/callback-deliveries", "state", new("Only deliveries in this state.", CallbackStates.All))
        .Parameter("GET /api/partners/{partnerId}/callback-deliveries", "page", new("Page number, from 1.", Minimum: 1, Maximum: 100_000))
        .Parameter("GET /api/partners/{partnerId}/callback-deliveries", "pageSize", new("Deliveries per page.", Minimum: 1, Maximum: 200));
}
