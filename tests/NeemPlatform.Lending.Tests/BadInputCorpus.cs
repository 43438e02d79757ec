using NeemPlatform.TestSupport;
using Xunit.Abstractions;

namespace NeemPlatform.Lending.Tests;

public class when_every_public_endpoint_gets_bad_input(LendingService service, ITestOutputHelper output) : IClassFixture<LendingService>
{
    [Fact]
    public Task every_answer_is_a_4xx_problem_and_nothing_is_stored() =>
        HostileCorpus.AssertRefusedAsync(service, _ => "region-manager", caller => service.StaffClient(caller), minimum: 150, output);
}
