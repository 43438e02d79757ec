using NeemPlatform.TestSupport;
using Xunit.Abstractions;

namespace NeemPlatform.Participant.Tests;

public class when_every_public_endpoint_gets_bad_input(ParticipantService service, ITestOutputHelper output) : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task every_answer_is_a_4xx_problem_and_nothing_is_stored()
    {
        var (_, partner, _) = await service.PartnerAsync();

        await HostileCorpus.AssertRefusedAsync(service,
            path => path.StartsWith("/api/referrals", StringComparison.Ordinal) ? "partner" : path.StartsWith("/api/partners", StringComparison.Ordinal) ? "administrator" : "region-manager",
            caller => caller == "partner" ? partner : service.StaffClient(caller), minimum: 250, output);
    }
}
