using System.Net.Http.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using NeemPlatform.Participant.Tests.PartnerApi;
using NeemPlatform.Participant.Tests.PartnerApi.Models;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

/// <summary>A Participant service whose partners may send two requests a second, five in a burst.</summary>
public sealed class RateLimitedParticipants : ParticipantService
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Neem:Partners:RequestsPerSecond"] = "1",
        ["Neem:Partners:Burst"] = "3"
    };
}

/// <summary>
/// A partner's IT team generates a client from the published contract (Kiota, at build time: see the project file) and uses it
/// without reading any prose: the referral, its replay, reading it back, paging, and every error as a typed problem.
/// </summary>
public class a_client_generated_from_the_contract(ParticipantService service) : IClassFixture<ParticipantService>
{
    /// <summary>The generated client over Kiota's own handler pipeline, sending the partner's key as the contract says.</summary>
    public static PartnerApiClient Client(ParticipantService service, string? key)
    {
        var http = KiotaClientFactory.Create(finalHandler: service.Host.Server.CreateHandler());
        http.BaseAddress = service.Host.Server.BaseAddress;
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return new PartnerApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        { BaseUrl = http.BaseAddress.ToString().TrimEnd('/') });
    }

    private static string KeyOf(HttpClient partner) => partner.DefaultRequestHeaders.GetValues("X-Api-Key").Single();

    private static ReferralRequest Referral(string? number = null, string? note = null, string? caseReference = null) => new()
    {
        PersonalIdentityNumber = number ?? People.NewNumber(),
        FirstName = "Amina",
        LastName = "Kiotasson",
        Municipality = "Botkyrka",
        TargetGroup = ReferralRequest_targetGroup.NewlyArrived,
        PermanentResidencePermit = true,
        Consent = true,
        Phone = "070-123 45 67",
        Gender = ReferralRequest_gender.Female,
        BornAbroad = true,
        Note = note,
        CaseReference = caseReference
    };

    private static Action<RequestConfiguration<DefaultQueryParameters>> Key(string key, HeadersInspectionHandlerOption? inspect = null) => c =>
    {
        c.Headers.Add("Idempotency-Key", key);
        if (inspect is not null)
        {
            c.Options.Add(inspect);
        }
    };

    [Fact]
    public async Task refers_replays_reads_back_and_pages()
    {
        var (_, partner, _) = await service.PartnerAsync("Kiota kommun");
        var client = Client(service, KeyOf(partner));
        var body = Referral(caseReference: "AF-2026-00042");

        var receipt = await client.Api.Referrals.PostAsync(body, Key("kiota-1"));
        var replayHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var replay = await client.Api.Referrals.PostAsync(body, Key("kiota-1", replayHeaders));

        Assert.Equal((ReferralReceipt_status.Received, "AF-2026-00042", "AF-2026-00042"), (receipt!.Status, receipt.CaseReference, replay!.CaseReference));
        Assert.NotNull(receipt.ReferralId);
        Assert.Equal(receipt.ReferralId, replay!.ReferralId);
        Assert.Equal(receipt.ReceivedAt, replay.ReceivedAt); // the offset survives the generated model
        Assert.Equal("true", replayHeaders.ResponseHeaders["Idempotent-Replayed"].Single());

        var status = await client.Api.Referrals[receipt.ReferralId!.Value].GetAsync();
        Assert.Equal((receipt.ReferralId, "AF-2026-00042"), (status!.ReferralId, status.CaseReference));

        for (var i = 0; i < 2; i++)
        {
            await client.Api.Referrals.PostAsync(Referral(), Key($"kiota-page-{i}"));
        }

        var first = await client.Api.Referrals.GetAsync(c => c.QueryParameters.PageSize = 2);
        var second = await client.Api.Referrals.GetAsync(c => { c.QueryParameters.PageSize = 2; c.QueryParameters.Page = 2; });
        Assert.Equal(2, first!.Referrals!.Count);
        Assert.Equal((3, "/api/referrals?page=2&pageSize=2"), (first.Total, first.Next));
        Assert.Single(second!.Referrals!);
        Assert.Null(second.Next);
        Assert.Equal(3, first.Referrals.Concat(second.Referrals!).Select(r => r.ReferralId).Distinct().Count());

        // An advisor interviews the first person: only her referral has changed since, and says when.
        var before = DateTimeOffset.UtcNow;
        await using (var session = service.Store.QuerySession())
        {
            var referral = await session.LoadAsync<NeemPlatform.Participant.Referrals.Referral>(receipt.ReferralId.Value);
            await ParticipantService.InterviewAsync(service.StaffClient(), referral!.ParticipantId);
        }

        var changed = await client.Api.Referrals.GetAsync(c => c.QueryParameters.ChangedSince = before);
        var moved = Assert.Single(changed!.Referrals!);
        Assert.Equal((receipt.ReferralId, ReferralStatusView_status.InProcess), (moved.ReferralId, moved.Status));
        Assert.True(moved.ChangedAt >= before && moved.ChangedAt > moved.ReceivedAt);
        Assert.Equal(1, changed.Total);

        // Her erasure takes the partner's case reference with it; the referral's course stays.
        Guid participantId;
        await using (var session = service.Store.QuerySession())
        {
            participantId = (await session.LoadAsync<NeemPlatform.Participant.Referrals.Referral>(receipt.ReferralId.Value))!.ParticipantId;
        }

        (await service.StaffClient("region-manager").PostAsJsonAsync($"/api/participants/{participantId}/erasure",
            new { basis = "participant-request", erasedOn = ParticipantService.Today })).EnsureSuccessStatusCode();
        var afterErasure = await client.Api.Referrals[receipt.ReferralId.Value].GetAsync();
        var replayAfterErasure = await client.Api.Referrals.PostAsync(body, Key("kiota-1"));
        Assert.Equal((ReferralStatusView_status.Closed, null, null), (afterErasure!.Status, afterErasure.CaseReference, replayAfterErasure!.CaseReference));
    }

    [Fact]
    public async Task reads_400_401_413_and_422_as_typed_problems()
    {
        var (_, partner, _) = await service.PartnerAsync("Kiota fel");
        var client = Client(service, KeyOf(partner));

        var invalid = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() => client.Api.Referrals.PostAsync(Referral(number: "19900101-0000"), Key("bad-1")));
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.Contains("personalIdentityNumber", invalid.Errors!.AdditionalData.Keys);

        // A case reference that is the person's identity number is refused, and not repeated.
        var number = People.NewNumber();
        var personal = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() => client.Api.Referrals.PostAsync(Referral(caseReference: number), Key("bad-2")));
        Assert.Equal(["caseReference"], personal.Errors!.AdditionalData.Keys);
        Assert.DoesNotContain(number[2..], personal.Detail ?? "");

        // No body at all (what a client's retry of a consumed stream sends): the same 400 vocabulary, naming the body.
        var empty = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = new ByteArrayContent([]) };
        empty.Content.Headers.ContentType = new("application/json");
        empty.Headers.Add("Idempotency-Key", "empty-1");
        var noBody = await partner.SendAsync(empty);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, noBody.StatusCode);
        var problem = await noBody.ReadProblemAsync();
        Assert.Equal("https://neem.se/problems/malformed-body", problem.GetProperty("type").GetString());
        Assert.Equal(["$"], problem.ErrorFields());

        var anonymous = Client(service, null);
        var unauthorized = await Assert.ThrowsAsync<ProblemDetails>(() => anonymous.Api.Referrals.PostAsync(Referral(), Key("no-key")));
        Assert.Equal(401, unauthorized.ResponseStatusCode);

        var tooLarge = await Assert.ThrowsAsync<ProblemDetails>(() => client.Api.Referrals.PostAsync(Referral(note: new string('x', 70_000)), Key("large")));
        Assert.Equal(413, tooLarge.ResponseStatusCode);

        await client.Api.Referrals.PostAsync(Referral(), Key("reused"));
        var reused = await Assert.ThrowsAsync<ProblemDetails>(() => client.Api.Referrals.PostAsync(Referral(), Key("reused")));
        Assert.Equal(422, reused.ResponseStatusCode);
        Assert.Contains("Idempotency-Key", reused.Detail);
    }
}

public class a_generated_client_over_the_rate_limit(RateLimitedParticipants service) : IClassFixture<RateLimitedParticipants>
{
    [Fact]
    public async Task reads_429_as_a_typed_problem_with_retry_after()
    {
        var (_, partner, _) = await service.PartnerAsync("Kiota brådskande");
        var client = a_client_generated_from_the_contract.Client(service, partner.DefaultRequestHeaders.GetValues("X-Api-Key").Single());
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };

        var limited = await Assert.ThrowsAsync<ProblemDetails>(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await client.Api.Referrals.PostAsync(new ReferralRequest
                {
                    PersonalIdentityNumber = People.NewNumber(),
                    FirstName = "Brådis",
                    LastName = "Kiotasson",
                    Municipality = "Botkyrka",
                    TargetGroup = ReferralRequest_targetGroup.NewlyArrived,
                    PermanentResidencePermit = true,
                    Consent = true,
                    Phone = "070-123 45 67",
                    Gender = ReferralRequest_gender.Female
                }, c =>
                {
                    c.Headers.Add("Idempotency-Key", $"burst-{i}");
                    c.Options.Add(headers);
                    c.Options.Add(new RetryHandlerOption { MaxRetry = 0 }); // the 429 itself, not Kiota's own retry of it
                });
            }
        });

        Assert.Equal(429, limited.ResponseStatusCode);
        Assert.True(int.Parse(headers.ResponseHeaders["Retry-After"].Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}

/// <summary>The same generated client drives the sandbox and the callbacks: register, move a test referral, read the delivery log.</summary>
public class a_generated_client_in_the_sandbox(ParticipantService service) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task refers_a_test_person_moves_her_referral_and_reads_the_callback_log()
    {
        var (partnerId, _, _) = await service.PartnerAsync("Kiota sandlåda");
        var issued = await (await service.StaffClient("administrator").PostAsJsonAsync($"/api/partners/{partnerId}/credentials",
            new { label = "kiota", kind = "sandbox" })).JsonAsync();
        var client = a_client_generated_from_the_contract.Client(service, issued.GetProperty("key").GetString());

        var numbers = await client.Api.Sandbox.IdentityNumbers.GetAsync();
        var registered = await client.Api.Callback.PutAsync(new RegisterCallback { Url = "https://integration.kommun.example/neem" });
        var receipt = await client.Api.Referrals.PostAsync(new ReferralRequest
        {
            PersonalIdentityNumber = numbers![0],
            FirstName = "Tolvan",
            LastName = "Tolvansson",
            Municipality = "Botkyrka",
            TargetGroup = ReferralRequest_targetGroup.Other,
            PermanentResidencePermit = true,
            Consent = true,
            Email = "tolvan@example.se"
        }, c => c.Headers.Add("Idempotency-Key", "kiota-sandbox-1"));
        var moved = await client.Api.Sandbox.Referrals[receipt!.ReferralId!.Value].Status.PostAsync(
            new MoveSandboxReferral { Status = MoveSandboxReferral_status.InProcess });
        var log = await client.Api.Callback.Deliveries.GetAsync();

        Assert.StartsWith("whsec_", registered!.Secret);
        Assert.Equal(CallbackView_kind.Sandbox, registered.Kind);
        Assert.Equal(ReferralStatusView_status.InProcess, moved!.Status);
        var delivery = Assert.Single(log!.Deliveries!);
        Assert.Equal((receipt.ReferralId, CallbackDeliveryView_status.InProcess, CallbackDeliveryView_previousStatus.Received),
            (delivery.ReferralId, delivery.Status, delivery.PreviousStatus));
        var refused = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() =>
            client.Api.Callback.PutAsync(new RegisterCallback { Url = "http://integration.kommun.example/neem" }));
        Assert.Equal(400, refused.ResponseStatusCode);
        Assert.True(refused.Errors!.AdditionalData.ContainsKey("url"));
    }
}
