using NeemPlatform.TestSupport;
using Xunit.Abstractions;

namespace NeemPlatform.Participant.Tests;

public class when_any_endpoint_is_called_from_another_region_or_by_a_role_without_the_right(ParticipantService service, ITestOutputHelper output)
    : IClassFixture<ParticipantService>
{
    [Fact]
    public async Task other_regions_get_403_everywhere_and_each_role_only_what_the_table_of_rights_allows()
    {
        var calls = await IsolationMatrix.AssertAsync(service, output);

        Assert.True(calls > 100, $"{calls} calls");
    }
}
