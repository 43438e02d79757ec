using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using NeemPlatform.Hosting;
using NeemPlatform.Participant.Tests.Conventions.Loans;
using NeemPlatform.Participant.Tests.Conventions.Loans.WritingOff;
using NeemPlatform.Participant.Tests.Conventions.LoansElsewhere;
using Wolverine.Http;

namespace NeemPlatform.Participant.Tests
{

    /// <summary>
    /// What a folder's endpoints share (tag, authorization policy) is stated once in the service's endpoint groups; the problem
    /// responses follow from the endpoint's shape. An endpoint outside every group, without its own policy, stops the start.
    /// </summary>
    public class endpoint_groups
    {
        private static readonly EndpointGroups Groups = new EndpointGroups("NeemPlatform.Participant.Tests.Conventions")
            .Add("Loans", "Loans", NeemPolicies.Lending)
            .Add("Loans.WritingOff", "Write-off", NeemPolicies.RegionManagement);

        private static EndpointMetadataCollection Apply(Type type, string method)
        {
            var chain = HttpChain.ChainFor(type, method);
            Groups.Apply(chain);
            return chain.BuildEndpoint(RouteWarmup.Lazy).Metadata;
        }

        private static List<string?> Policies(EndpointMetadataCollection metadata) =>
            metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();

        private static List<int> Problems(EndpointMetadataCollection metadata) =>
            metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Where(p => p.StatusCode >= 400).Select(p => p.StatusCode).Order().ToList();

        [Fact]
        public void an_endpoint_takes_its_folders_tag_and_policy_and_the_problems_its_shape_can_give()
        {
            var metadata = Apply(typeof(LoanEndpoints), nameof(LoanEndpoints.Approve));

            Assert.Equal([NeemPolicies.Lending], Policies(metadata));
            Assert.Equal(["Loans"], metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags));
            Assert.Equal([400, 404], Problems(metadata));
        }

        [Fact]
        public void the_deepest_folder_decides_so_a_stricter_subfolder_is_never_widened_by_its_parent()
        {
            var metadata = Apply(typeof(WriteOffEndpoints), nameof(WriteOffEndpoints.Approve));

            Assert.Equal([NeemPolicies.RegionManagement], Policies(metadata));
            Assert.Equal(["Write-off"], metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags));
        }

        [Fact]
        public void an_endpoint_that_states_its_own_policy_or_anonymity_keeps_it_alone()
        {
            var own = Apply(typeof(LoanEndpoints), nameof(LoanEndpoints.Portfolio));
            Assert.Equal([NeemPolicies.RegionManagement], Policies(own));
            Assert.Equal(["Portfolio"], own.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags));

            var anonymous = Apply(typeof(LoanEndpoints), nameof(LoanEndpoints.Verify));
            Assert.Empty(Policies(anonymous));
            Assert.NotNull(anonymous.GetMetadata<IAllowAnonymous>());
        }

        [Fact]
        public void a_query_value_is_a_possible_400_a_get_without_route_values_or_query_has_no_problems_of_its_own()
        {
            Assert.Equal([400], Problems(Apply(typeof(LoanEndpoints), nameof(LoanEndpoints.List))));
            Assert.Empty(Problems(Apply(typeof(LoanEndpoints), nameof(LoanEndpoints.Summary))));
        }

        [Fact]
        public void an_endpoint_in_no_group_without_a_policy_of_its_own_stops_the_start_naming_it()
        {
            // Its namespace starts with the letters of a group's ("Loans"), but it is another folder.
            var chain = HttpChain.ChainFor(typeof(StrayEndpoints), nameof(StrayEndpoints.Get));

            var refusal = Assert.Throws<InvalidOperationException>(() => Groups.Apply(chain));
            Assert.Contains("/api/stray", refusal.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void every_endpoint_of_the_participant_service_lies_in_a_group_or_states_its_policy_and_every_group_holds_one()
        {
            var endpoints = typeof(ParticipantEndpoints).Assembly.GetTypes().SelectMany(t => t.GetMethods())
                .Where(m => m.GetCustomAttributes(typeof(WolverineHttpMethodAttribute), false).Length > 0).ToList();
            Assert.True(endpoints.Count > 60, $"{endpoints.Count} endpoints");

            var ungrouped = endpoints.Where(m => ParticipantEndpoints.Groups.For(m.DeclaringType!) is null
                                                  && !m.GetCustomAttributes(true).Any(a => a is IAuthorizeData or IAllowAnonymous))
                .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}").ToList();
            Assert.Empty(ungrouped);

            var unused = ParticipantEndpoints.Groups.All.Where(g => !endpoints.Any(m => ParticipantEndpoints.Groups.For(m.DeclaringType!) == g))
                .Select(g => g.Namespace).ToList();
            Assert.Empty(unused);
        }
    }

    /// <summary>The region rule of Wolverine's aggregate workflow is a convention: it covers an aggregate only if it says its region.</summary>
    public class regional_aggregates
    {
        [Fact]
        public void every_aggregate_an_endpoint_writes_through_wolverines_workflow_says_its_region_so_the_404_convention_covers_it()
        {
            var written = typeof(ParticipantEndpoints).Assembly.GetTypes().SelectMany(t => t.GetMethods())
                .SelectMany(m => m.GetParameters())
                .Where(p => p.GetCustomAttributes(true).Any(a => a is Wolverine.Persistence.EventSourcing.WriteModelAttribute))
                .Select(p => p.ParameterType).Distinct().ToList();

            Assert.NotEmpty(written);
            Assert.All(written, type => Assert.True(typeof(IRegional).IsAssignableFrom(type), $"{type.Name} does not say its region"));
        }

        [Fact]
        public void a_participant_that_is_not_there_is_not_found_by_her_route_id()
        {
            var id = Guid.NewGuid();
            var context = new DefaultHttpContext();
            context.Request.RouteValues["participantId"] = id.ToString();

            var answer = new RegionalAggregate<Participants.Participant>().Before(null, new System.Security.Claims.ClaimsPrincipal(), context);

            var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(answer);
            Assert.Equal((404, $"No participant with id {id}."), (problem.StatusCode, problem.ProblemDetails.Detail));
        }
    }

    public sealed record Approval(DateOnly On);
}

namespace NeemPlatform.Participant.Tests.Conventions.Loans
{
    public static class LoanEndpoints
    {
        [WolverinePost("/api/loans/{loanId}/approval")]
        public static string Approve(Guid loanId, Approval command) => "approved";

        [WolverineGet("/api/loans")]
        public static string List(int page = 1) => "loans";

        [WolverineGet("/api/loans/summary")]
        public static string Summary() => "summary";

        [WolverineGet("/api/loans/portfolio")]
        [Authorize(Policy = NeemPolicies.RegionManagement)]
        [Tags("Portfolio")]
        public static string Portfolio() => "portfolio";

        [WolverineGet("/api/loans/verification")]
        [AllowAnonymous]
        public static string Verify() => "verified";
    }
}

namespace NeemPlatform.Participant.Tests.Conventions.Loans.WritingOff
{
    public static class WriteOffEndpoints
    {
        [WolverinePost("/api/loans/{loanId}/write-off/approval")]
        public static string Approve(Guid loanId, Approval command) => "written off";
    }
}

namespace NeemPlatform.Participant.Tests.Conventions.LoansElsewhere
{
    public static class StrayEndpoints
    {
        [WolverineGet("/api/stray")]
        public static string Get() => "stray";
    }
}
