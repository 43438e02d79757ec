using NeemPlatform.TestSupport;
using Xunit.Abstractions;

namespace NeemPlatform.Coaching.Tests;

public class when_every_public_endpoint_gets_bad_input(CoachingService service, ITestOutputHelper output) : IClassFixture<CoachingService>
{
    [Fact]
    public async Task every_answer_is_a_4xx_problem_and_nothing_is_stored()
    {
        var before = await HostileCorpus.StoredRowsAsync(service.ConnectionString, "coaching");

        var outcome = await HostileCorpus.RunAsync(service, _ => "region-manager", caller => service.StaffClient(caller));

        output.WriteLine($"{outcome.Sent} requests: {string.Join(", ", outcome.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(outcome.Failures.Count == 0, string.Join(Environment.NewLine, outcome.Failures.Take(40)));
        Assert.Equal(0, outcome.ServerErrors);
        Assert.True(outcome.Sent >= 150, $"{outcome.Sent} requests");
        Assert.Equal(before, await HostileCorpus.StoredRowsAsync(service.ConnectionString, "coaching"));
    }
}
