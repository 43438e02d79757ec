using NeemPlatform.TestSupport;
using Xunit.Abstractions;

namespace NeemPlatform.Participant.Tests;

public class when_every_public_endpoint_gets_bad_input(ParticipantService service, ITestOutputHelper output) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task every_answer_is_a_4xx_problem_and_nothing_is_stored()
    {
        var (_, partner, _) = await service.PartnerAsync();
        var before = await HostileCorpus.StoredRowsAsync(service.ConnectionString, "participant");

        var outcome = await HostileCorpus.RunAsync(service,
            path => path.StartsWith("/api/referrals", StringComparison.Ordinal) ? "partner" : path.StartsWith("/api/partners", StringComparison.Ordinal) ? "administrator" : "region-manager",
            caller => caller == "partner" ? partner : service.StaffClient(caller));

        output.WriteLine($"{outcome.Sent} requests: {string.Join(", ", outcome.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(outcome.Failures.Count == 0, string.Join(Environment.NewLine, outcome.Failures.Take(40)));
        Assert.Equal(0, outcome.ServerErrors);
        Assert.True(outcome.Sent >= 250, $"{outcome.Sent} requests");
        Assert.Equal(before, await HostileCorpus.StoredRowsAsync(service.ConnectionString, "participant"));
    }
}
