using NeemPlatform.TestSupport;
using Xunit.Abstractions;

namespace NeemPlatform.Impact.Tests;

public class when_every_public_endpoint_gets_bad_input(ImpactService service, ITestOutputHelper output) : IClassFixture<ImpactService>
{
    [Fact]
    public Task every_answer_is_a_4xx_problem_and_nothing_is_stored() =>
        HostileCorpus.AssertRefusedAsync(service, path => path.StartsWith("/api/research", StringComparison.Ordinal) || path.StartsWith("/api/replays", StringComparison.Ordinal) ? "researcher"
            : path.StartsWith("/api/mis/feed", StringComparison.Ordinal) ? "mis-feed" : "region-manager", caller => service.StaffClient(caller), minimum: 60, output);
}
