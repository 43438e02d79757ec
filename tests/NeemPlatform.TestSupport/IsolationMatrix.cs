using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using NeemPlatform.Hosting;
using Xunit;

namespace NeemPlatform.TestSupport;

/// <summary>
/// The isolation matrix: every operation in a service's OpenAPI document is called with a token of every role of every
/// other region (always 403), with every role of the instance's region (403 unless the role may, 401 for a partner-only
/// operation), and the answers are checked against one table of who may do what. An operation missing from the table
/// fails the test, so a new endpoint cannot slip past it.
/// </summary>
public static class IsolationMatrix
{
    /// <summary>A partner's credential, not a staff token (staff tokens get 401 there).</summary>
    public const string Partner = "partner";

    /// <summary>Open without a token (health, service info, the development issuer, a bank verifying a statement).</summary>
    public const string Anonymous = "anonymous";

    /// <summary>Who may call each operation ("METHOD /path" as the OpenAPI document names it): a staff policy (its roles in <see cref="NeemPolicies.Roles"/>), partner or anonymous.</summary>
    public static readonly IReadOnlyDictionary<string, string> WhoMay = new Dictionary<string, string>
    {
        // Every service
        ["GET /api/info"] = Anonymous,
        ["POST /dev/tokens"] = Anonymous,

        // Participant
        ["POST /api/referrals"] = Partner,
        ["GET /api/referrals/{referralId}"] = Partner,
        ["GET /api/referrals/by-idempotency-key"] = Partner,
        ["PUT /api/staff/me"] = NeemPolicies.StaffDirectory,
        ["GET /api/staff"] = NeemPolicies.StaffDirectory,
        ["GET /api/referrals"] = Partner,
        ["GET /api/sandbox/identity-numbers"] = Partner,
        ["POST /api/sandbox/referrals/{referralId}/status"] = Partner,
        ["PUT /api/callback"] = Partner,
        ["GET /api/callback"] = Partner,
        ["DELETE /api/callback"] = Partner,
        ["POST /api/callback/secret"] = Partner,
        ["GET /api/callback/deliveries"] = Partner,
        ["POST /api/callback/deliveries/{deliveryId}/retry"] = Partner,
        ["GET /api/partners/{partnerId}/callback-deliveries"] = NeemPolicies.Administration,
        ["POST /api/partners"] = NeemPolicies.Administration,
        ["GET /api/partners"] = NeemPolicies.Administration,
        ["POST /api/partners/{partnerId}/credentials"] = NeemPolicies.Administration,
        ["DELETE /api/partners/{partnerId}/credentials/{credentialId}"] = NeemPolicies.Administration,
        ["POST /api/participants"] = NeemPolicies.ParticipantWork,
        ["GET /api/participants"] = NeemPolicies.ParticipantWork,
        ["POST /api/participants/search"] = NeemPolicies.ParticipantWork,
        ["GET /api/referral-inbox"] = NeemPolicies.ParticipantWork,
        ["GET /api/participants/{participantId}"] = NeemPolicies.ParticipantWork,
        ["PUT /api/participants/{participantId}/profile"] = NeemPolicies.ParticipantWork,
        ["POST /api/participants/{participantId}/interview"] = NeemPolicies.ParticipantWork,
        ["POST /api/participants/{participantId}/decision"] = NeemPolicies.ParticipantWork,
        ["POST /api/participants/{participantId}/outcomes"] = NeemPolicies.ParticipantWork,
        ["POST /api/participants/{participantId}/exit"] = NeemPolicies.ParticipantWork,
        ["POST /api/participants/{participantId}/follow-ups"] = NeemPolicies.ParticipantWork,
        ["POST /api/participants/{participantId}/follow-ups/{point}/link"] = NeemPolicies.ParticipantWork,
        ["GET /api/follow-up-links/{token}"] = Anonymous,
        ["GET /api/follow-ups/questionnaire"] = NeemPolicies.ParticipantWork,
        ["POST /api/audit/funder-report-identities"] = NeemPolicies.FunderIdentities,
        ["GET /api/participants/{participantId}/messages"] = NeemPolicies.ParticipantWork,
        ["PUT /api/participants/{participantId}/contact-preferences"] = NeemPolicies.ParticipantWork,
        ["POST /api/follow-ups/link-runs"] = NeemPolicies.RegionManagement,
        ["POST /api/complaints"] = NeemPolicies.ParticipantWork,
        ["GET /api/complaints"] = NeemPolicies.ParticipantWork,
        ["GET /api/complaints/summary"] = NeemPolicies.ProgrammeManagement,
        ["GET /api/complaints/partners"] = NeemPolicies.ParticipantWork,
        ["GET /api/complaints/{complaintId}"] = NeemPolicies.ParticipantWork,
        ["PUT /api/complaints/{complaintId}/assignee"] = NeemPolicies.RegionManagement,
        ["POST /api/complaints/{complaintId}/answer"] = NeemPolicies.ParticipantWork,
        ["POST /api/complaints/{complaintId}/closure"] = NeemPolicies.RegionManagement,
        ["POST /api/follow-up-links/{token}"] = Anonymous,
        ["POST /api/participants/{participantId}/referrals/{referralId}/close"] = NeemPolicies.ParticipantWork,
        ["POST /api/participants/{participantId}/personal-data/proposals/{referralId}"] = NeemPolicies.ParticipantWork,
        ["PUT /api/participants/{participantId}/advisor"] = NeemPolicies.RegionManagement,
        ["POST /api/participants/{participantId}/identity-number"] = NeemPolicies.IdentityReveal,
        ["GET /api/audit/identity-reveals"] = NeemPolicies.RevealAudit,
        ["GET /api/audit/erasures"] = NeemPolicies.RevealAudit,
        ["POST /api/participants/{participantId}/erasure"] = NeemPolicies.RegionManagement,
        ["POST /api/network-groups"] = NeemPolicies.RegionManagement,
        ["PUT /api/network-groups/{groupId}/capacity"] = NeemPolicies.RegionManagement,
        ["GET /api/network-groups"] = NeemPolicies.ParticipantWork,
        ["POST /api/workshops"] = NeemPolicies.ParticipantWork,
        ["GET /api/workshops"] = NeemPolicies.ParticipantWork,
        ["POST /api/workshops/{workshopId}/invitations"] = NeemPolicies.ParticipantWork,
        ["POST /api/workshops/{workshopId}/attendance"] = NeemPolicies.ParticipantWork,

        // Coaching
        ["GET /api/curriculum"] = NeemPolicies.ParticipantWork,
        ["GET /api/modules-awaiting-approval"] = NeemPolicies.ParticipantWork,
        ["GET /api/curriculum/versions/{version}"] = NeemPolicies.ParticipantWork,
        ["POST /api/curriculum/versions"] = NeemPolicies.RegionManagement,
        ["PUT /api/enrolments/{participantId}/advisor"] = NeemPolicies.ParticipantWork,
        ["PUT /api/network-groups/{groupId}/advisor"] = NeemPolicies.RegionManagement,
        ["GET /api/network-groups/{groupId}/progress"] = NeemPolicies.ParticipantWork,
        ["POST /api/enrolments/{participantId}/checklist/ticks"] = NeemPolicies.ParticipantWork,
        ["POST /api/enrolments/{participantId}/checklist/unticks"] = NeemPolicies.ParticipantWork,
        ["POST /api/enrolments/{participantId}/modules/{moduleCode}/approval"] = NeemPolicies.ParticipantWork,
        ["POST /api/enrolments/{participantId}/modules/{moduleCode}/reopening"] = NeemPolicies.ParticipantWork,
        ["POST /api/enrolments/{participantId}/dropout"] = NeemPolicies.ParticipantWork,
        ["GET /api/enrolments/{participantId}"] = NeemPolicies.ParticipantWork,
        ["GET /api/enrolments/{participantId}/progress"] = NeemPolicies.ParticipantWork,
        ["GET /api/enrolments/{participantId}/participation"] = NeemPolicies.ParticipantWork,
        ["PUT /api/enrolments/{participantId}/business-plan"] = NeemPolicies.ParticipantWork,
        ["GET /api/enrolments/{participantId}/business-plan"] = NeemPolicies.ParticipantWork,
        ["POST /api/enrolments/{participantId}/business-plan/approval"] = NeemPolicies.ParticipantWork,
        ["POST /api/enrolments/{participantId}/business-plan/revisions"] = NeemPolicies.ParticipantWork,
        ["GET /api/enrolments/{participantId}/business-plan/revisions"] = NeemPolicies.ParticipantWork,
        ["POST /api/sessions"] = NeemPolicies.ParticipantWork,
        ["GET /api/sessions"] = NeemPolicies.ParticipantWork,
        ["POST /api/sessions/{sessionId}/attendance"] = NeemPolicies.ParticipantWork,

        // Lending
        ["GET /api/credit-files/{participantId}"] = NeemPolicies.Lending,
        ["POST /api/loans/schedule-preview"] = NeemPolicies.Lending,
        ["POST /api/loans"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/approval"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/rejection"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/disbursement"] = NeemPolicies.Lending,
        ["GET /api/loans/{loanId}"] = NeemPolicies.Lending,
        ["GET /api/participants/{participantId}/loans"] = NeemPolicies.Lending,
        ["GET /api/participants/{participantId}/loan-milestones"] = NeemPolicies.ParticipantWork,
        ["POST /api/loans/{loanId}/repayments"] = NeemPolicies.Lending,
        ["GET /api/loans/{loanId}/early-repayment-quote"] = NeemPolicies.Lending,
        ["GET /api/loans"] = NeemPolicies.Lending,
        ["GET /api/credit-files"] = NeemPolicies.Lending,
        ["GET /api/arrears"] = NeemPolicies.Lending,
        ["POST /api/borrowers/names"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/early-repayment"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/reschedule-requests"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/reschedule-requests/{requestId}/approval"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/write-off-proposals"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/contacts"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/write-off-proposals/{proposalId}/approval"] = NeemPolicies.Lending,
        ["POST /api/loans/{loanId}/recoveries"] = NeemPolicies.Lending,
        ["POST /api/arrears/evaluations"] = NeemPolicies.Lending,
        ["POST /api/reminders/runs"] = NeemPolicies.Lending,
        ["GET /api/portfolio"] = NeemPolicies.Lending,
        ["PUT /api/loan-products/{code}"] = NeemPolicies.RegionManagement,
        ["GET /api/loan-products"] = NeemPolicies.Lending,
        ["POST /api/participants/{participantId}/credit-statements"] = NeemPolicies.Lending,
        ["GET /api/credit-statements/{statementId}"] = NeemPolicies.Lending,
        ["POST /api/credit-statements/verification"] = Anonymous,

        ["GET /api/referral-reach"] = NeemPolicies.ProgrammeManagement,

        // Impact
        ["GET /api/mis/participants/{participantId}"] = NeemPolicies.ParticipantWork,
        ["GET /api/indicators"] = NeemPolicies.Indicators,
        ["GET /api/indicators/series"] = NeemPolicies.Indicators,
        ["GET /api/indicators/funnel"] = NeemPolicies.ProgrammeManagement,
        ["GET /api/indicators/periods"] = NeemPolicies.Indicators,
        ["GET /api/reports/participants.csv"] = NeemPolicies.Indicators,
        ["GET /api/reports/co-financing"] = NeemPolicies.ProgrammeManagement,
        ["GET /api/reports/participant-months"] = NeemPolicies.ProgrammeManagement,
        ["GET /api/socio-economics"] = NeemPolicies.Indicators,
        ["PUT /api/socio-economics/parameters"] = NeemPolicies.RegionManagement,
        ["GET /api/socio-economics/parameters"] = NeemPolicies.Indicators,
        ["POST /api/research/studies"] = NeemPolicies.Research,
        ["GET /api/research/studies/{studyId}/history"] = NeemPolicies.Research,
        ["GET /api/research/studies"] = NeemPolicies.Research,
        ["GET /api/research/studies/{studyId}/history/outline"] = NeemPolicies.Research,
        ["GET /api/research/tables"] = NeemPolicies.Research,
        ["POST /api/replays"] = NeemPolicies.Research,
        ["GET /api/replays/{replayId}"] = NeemPolicies.Research,
        ["GET /api/mis/feed"] = NeemPolicies.MisFeed,
        ["GET /api/feed-consumers"] = NeemPolicies.Administration,
        ["POST /api/feed-consumers"] = NeemPolicies.Administration,
        ["POST /api/feed-consumers/{id}/revoke"] = NeemPolicies.Administration,
        ["GET /api/audit/feed-reads"] = NeemPolicies.RevealAudit
    };

    public sealed record Call(string OperationId, string Method, string Path, string Role, string Region, int Status, string? MediaType);

    /// <summary>Runs the matrix against one service and asserts every answer; returns how many calls it made.</summary>
    public static async Task<int> AssertAsync<TProgram>(ServiceFixture<TProgram> service, Xunit.Abstractions.ITestOutputHelper output)
        where TProgram : class
    {
        var document = await service.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = Operations(document).ToList();
        var unknown = operations.Where(o => !WhoMay.ContainsKey(o.OperationId)).Select(o => $"{o.Method} {o.Path} ({o.OperationId})").ToList();
        Assert.True(unknown.Count == 0, "Operations missing from the table of who may do what: " + string.Join(", ", unknown));

        var wrong = new List<string>();
        var calls = 0;
        var before = await HostileCorpus.StoredRowsByTableAsync(service.ConnectionString, service.Service);

        // Every role of every other region: 403 everywhere, nothing stored.
        foreach (var region in Regions.All.Where(r => r != service.Region))
        {
            foreach (var role in NeemRoles.All)
            {
                foreach (var operation in operations)
                {
                    var call = await SendAsync(service, operation, role, region);
                    calls++;
                    if (call.Status != 403 || call.MediaType != "application/problem+json")
                    {
                        wrong.Add($"{role}@{region} {call.Method} {call.Path}: {call.Status} (expected 403 problem)");
                    }
                }
            }
        }

        // Roles of this region the table does not name: 403 (401 where only a partner's credential counts), nothing stored.
        foreach (var operation in operations)
        {
            var who = WhoMay[operation.OperationId];
            foreach (var role in NeemRoles.All.Where(r => !May(who, r)))
            {
                var call = await SendAsync(service, operation, role, service.Region);
                calls++;
                var expected = who == Partner ? 401 : 403;
                if (call.Status != expected || call.MediaType != "application/problem+json")
                {
                    wrong.Add($"{role}@{service.Region} {call.Method} {call.Path}: {call.Status} (expected {expected} problem)");
                }
            }
        }

        var after = await HostileCorpus.StoredRowsByTableAsync(service.ConnectionString, service.Service);
        Assert.True(before.Count == after.Count && before.All(t => after.GetValueOrDefault(t.Key) == t.Value),
            "Refused calls changed stored rows: " + string.Join(", ", after.Where(t => before.GetValueOrDefault(t.Key) != t.Value)
                .Select(t => $"{t.Key} {before.GetValueOrDefault(t.Key)} → {t.Value}")));

        // Roles the table names: let in (whatever the answer to an empty request for an unknown id, never 401 or 403).
        foreach (var operation in operations)
        {
            var who = WhoMay[operation.OperationId];
            foreach (var role in NeemRoles.All.Where(r => May(who, r) && who != Anonymous))
            {
                var call = await SendAsync(service, operation, role, service.Region);
                calls++;
                if (call.Status is 401 or 403 or >= 500)
                {
                    wrong.Add($"{role}@{service.Region} {call.Method} {call.Path}: {call.Status} (expected to be let in)");
                }
            }
        }

        output.WriteLine($"{operations.Count} operations, {calls} calls, {wrong.Count} wrong");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong.Take(60)));
        return calls;
    }

    private static bool May(string who, string role) =>
        who == Anonymous || (who != Partner && NeemPolicies.Roles[who].Contains(role));

    private sealed record Operation(string OperationId, string Method, string Path, bool HasBody);

    private static IEnumerable<Operation> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                yield return new Operation($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Name.ToUpperInvariant(), path.Name, operation.Value.TryGetProperty("requestBody", out _));
            }
        }
    }

    private static async Task<Call> SendAsync<TProgram>(ServiceFixture<TProgram> service, Operation operation, string role, string region)
        where TProgram : class
    {
        var client = service.StaffClient(role, region, subject: $"matrix-{role}");
        var path = System.Text.RegularExpressions.Regex.Replace(operation.Path, "\\{[^}]+\\}", _ => Guid.NewGuid().ToString());
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (operation.HasBody)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        return new Call(operation.OperationId, operation.Method, operation.Path, role, region, (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType);
    }
}
