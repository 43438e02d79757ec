using System.Collections.Concurrent;
using System.Reflection;

namespace NeemPlatform.Hosting;

/// <summary>
/// A date in a query (<c>asOf</c>, <c>from</c>, <c>to</c>, …: every endpoint parameter of type <see cref="DateOnly"/>) is a
/// calendar date written <c>yyyy-MM-dd</c> and nothing else. The framework's own parsing would also take a date-time
/// ("2026-03-14T23:30"), a signed year or another culture's order, and answer for a day the caller did not name; here each
/// is a 400 naming the parameter.
/// </summary>
public static class QueryDates
{
    private static readonly ConcurrentDictionary<Endpoint, string[]> DateParameters = new();

    public static IApplicationBuilder UseStrictQueryDates(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is { } endpoint && DateParameters.GetOrAdd(endpoint, NamesOf) is { Length: > 0 } names)
        {
            var refused = names.Where(name => context.Request.Query.TryGetValue(name, out var values) && values.Any(v => !IsDate(v))).ToList();
            if (refused.Count > 0)
            {
                await Problems.Invalid(refused.ToDictionary(n => n, _ => new[] { "A date written yyyy-MM-dd." })).ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    });

    public static bool IsDate(string? value) =>
        value is { Length: 10 } && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string[] NamesOf(Endpoint endpoint) =>
        (endpoint.Metadata.OfType<Wolverine.Http.HttpChain>().FirstOrDefault()?.Method.Method ?? endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault())
        ?.GetParameters()
            .Where(p => p.ParameterType == typeof(DateOnly) || p.ParameterType == typeof(DateOnly?))
            .Select(p => p.Name!).ToArray() ?? [];
}
