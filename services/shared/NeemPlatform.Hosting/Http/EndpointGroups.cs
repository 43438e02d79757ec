using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Wolverine.Http;

namespace NeemPlatform.Hosting;

/// <summary>
/// A service's endpoints grouped by the folder (namespace) they live in. A group states once what its endpoints share: the
/// tag they are documented under and the authorization policy they require. An endpoint that states its own tag or policy
/// (or <c>[AllowAnonymous]</c>) keeps it. The problem responses every endpoint can give follow from its shape: a JSON body or a
/// query value that does not parse is a 400 validation problem; a route value names something that may not exist, a 404.
/// <para>
/// Fails closed: an endpoint outside every group that does not state its own policy stops the service at start-up, so no
/// endpoint is ever served without an authorization decision.
/// </para>
/// </summary>
public sealed class EndpointGroups
{
    private readonly string root;
    private readonly List<EndpointGroup> groups = [];

    /// <param name="root">The service's root namespace; a group's folder is relative to it.</param>
    public EndpointGroups(string root) => this.root = root;

    public IReadOnlyList<EndpointGroup> All => groups;

    /// <summary>The endpoints in <paramref name="folder"/> (and below it, unless a deeper group says otherwise).</summary>
    public EndpointGroups Add(string folder, string tag, string policy)
    {
        groups.Add(new EndpointGroup($"{root}.{folder}", tag, policy));
        return this;
    }

    /// <summary>The group of a type's namespace: the deepest folder that holds it.</summary>
    public EndpointGroup? For(Type endpointType)
    {
        var ns = endpointType.Namespace ?? "";
        return groups.Where(g => ns == g.Namespace || ns.StartsWith(g.Namespace + ".", StringComparison.Ordinal))
            .MaxBy(g => g.Namespace.Length);
    }

    public void Apply(HttpChain chain)
    {
        var method = chain.Method.Method;
        var declared = method.GetCustomAttributes(inherit: true).Concat(chain.Method.HandlerType.GetCustomAttributes(inherit: true)).ToList();
        var group = For(chain.Method.HandlerType);
        var route = chain.RoutePattern?.RawText ?? chain.ToString();

        if (!declared.OfType<ITagsMetadata>().Any())
        {
            chain.Metadata.WithTags(group?.Tag ?? throw Ungrouped(route, chain.Method.HandlerType, "tag"));
        }

        if (!declared.OfType<IAuthorizeData>().Any() && !declared.OfType<IAllowAnonymous>().Any())
        {
            chain.Metadata.RequireAuthorization(group?.Policy ?? throw Ungrouped(route, chain.Method.HandlerType, "authorization policy"));
        }

        var statuses = declared.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();
        if (!statuses.Contains(StatusCodes.Status400BadRequest) && (chain.HasRequestType || TakesQueryValues(chain, method)))
        {
            chain.Metadata.ProducesValidationProblem();
        }

        if (!statuses.Contains(StatusCodes.Status404NotFound) && chain.RoutePattern?.Parameters.Count > 0)
        {
            chain.Metadata.ProducesProblem(StatusCodes.Status404NotFound);
        }
    }

    /// <summary>A parameter of a simple type that the route does not bind is read from the query string.</summary>
    private static bool TakesQueryValues(HttpChain chain, MethodInfo method)
    {
        var routeValues = chain.RoutePattern?.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return chain.ComplexQueryStringType is not null || method.GetParameters().Any(p =>
            !routeValues.Contains(p.Name!) && p.GetCustomAttribute<FromHeaderAttribute>() is null && IsSimple(p.ParameterType));
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
               || type == typeof(DateOnly) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(TimeOnly)
               || (type.IsArray && IsSimple(type.GetElementType()!));
    }

    private static InvalidOperationException Ungrouped(string route, Type type, string what) =>
        new($"The endpoint {route} ({type.FullName}) has no {what}: state it on the endpoint, or add its folder to the service's endpoint groups.");
}

/// <summary>The endpoints of one folder: their tag and the authorization policy they require.</summary>
public sealed record EndpointGroup(string Namespace, string Tag, string Policy);
