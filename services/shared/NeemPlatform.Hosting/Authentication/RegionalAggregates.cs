using System.Security.Claims;
using System.Reflection;
using Wolverine.Http;
using Wolverine.Persistence.EventSourcing;

namespace NeemPlatform.Hosting;

/// <summary>An aggregate that belongs to one region: a participant, her enrolment, a loan.</summary>
public interface IRegional
{
    Guid Id { get; }
    string Region { get; }
}

/// <summary>
/// The region rule for Wolverine's aggregate workflow, by convention: every endpoint that writes to an <see cref="IRegional"/>
/// aggregate first has it checked. One that is not there, or belongs to another region than the staff member's, is answered
/// 404 (ids cannot be probed), before the endpoint decides anything. No endpoint can forget the check.
/// </summary>
public static class RegionalAggregates
{
    public static void Apply(WolverineHttpOptions options, Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRegional).IsAssignableFrom(t)))
        {
            options.AddMiddleware(typeof(RegionalAggregate<>).MakeGenericType(type), chain => Writes(chain, type));
        }
    }

    /// <summary>The endpoint takes <paramref name="type"/> through the aggregate workflow.</summary>
    public static bool Writes(HttpChain chain, Type type) =>
        chain.Method.Method.GetParameters().Any(p => p.ParameterType == type && p.GetCustomAttributes().Any(a => a is WriteModelAttribute));
}

/// <summary>The check itself, for one aggregate type: named by its route value (<c>loanId</c>, <c>participantId</c>).</summary>
public sealed class RegionalAggregate<T> where T : class, IRegional
{
    private readonly string _what = typeof(T).Name.ToLowerInvariant();

    public IResult Before(T? aggregate, ClaimsPrincipal user, HttpContext context) =>
        aggregate is not null && aggregate.Region == user.StaffRegion()
            ? WolverineContinue.Result()
            : Problems.NotFound(_what, Guid.TryParse(context.Request.RouteValues[_what + "Id"] as string, out var id) ? id : Guid.Empty);
}
