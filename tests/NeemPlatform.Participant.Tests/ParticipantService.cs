using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

public class ParticipantService : ServiceFixture<Program>
{
    public override string Service => "participant";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Neem:Partners:RequestsPerSecond"] = "100000",
        ["Neem:Partners:Burst"] = "100000"
    };

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Registers a partner organisation and returns a client that sends its new credential.</summary>
    public async Task<(Guid PartnerId, HttpClient Client, Guid CredentialId)> PartnerAsync(string name = "Arbetsförmedlingen Botkyrka")
    {
        var admin = StaffClient("administrator");
        var partner = await (await admin.PostAsJsonAsync("/api/partners", new { name })).JsonAsync();
        var partnerId = partner.GetProperty("id").GetGuid();
        var issued = await (await admin.PostAsJsonAsync($"/api/partners/{partnerId}/credentials", new { label = "test system" })).JsonAsync();
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", issued.GetProperty("key").GetString());
        return (partnerId, client, issued.GetProperty("credentialId").GetGuid());
    }

    /// <summary>An advisor registers a walk-in; returns her participant id.</summary>
    public async Task<Guid> RegisteredAsync(HttpClient staff, bool permit = true, string targetGroup = "newly-arrived",
        string? number = null, string firstName = "Amina", string lastName = "Testsson")
    {
        var receipt = await (await staff.PostAsJsonAsync("/api/participants", new
        {
            source = "walk-in",
            person = People.Referral(number, firstName, lastName, permit, targetGroup)
        })).JsonAsync();
        return receipt.GetProperty("participantId").GetGuid();
    }

    public static async Task<JsonElement> InterviewAsync(HttpClient staff, Guid id) =>
        await (await staff.PostAsJsonAsync($"/api/participants/{id}/interview",
            new { interviewedOn = Today, drive = 5, will = 4, notes = "Strong will to start a bakery." })).JsonAsync();

    public static async Task<JsonElement> SelectAsync(HttpClient staff, Guid id) =>
        await (await staff.PostAsJsonAsync($"/api/participants/{id}/decision", new { decision = "selected", decidedOn = Today })).JsonAsync();

    public static string Today => SwedishToday.Date.ToString("yyyy-MM-dd");

    /// <summary>A network group in the service's region with the given capacity.</summary>
    public async Task<Guid> GroupAsync(int capacity = 60)
    {
        var group = await (await StaffClient("region-manager").PostAsJsonAsync("/api/network-groups",
            new { name = $"Group {Guid.NewGuid():N}"[..14], formedOn = Today, capacity })).JsonAsync();
        return group.GetProperty("id").GetGuid();
    }

    private Task<Guid>? _roomyGroup;

    /// <summary>One group with room for every selection the tests of a class make.</summary>
    public Task<Guid> RoomyGroupAsync() => _roomyGroup ??= GroupAsync(500);

    public Task<long> CountAsync(string sql) => TransportTables.CountAsync(ConnectionString, sql);
}
