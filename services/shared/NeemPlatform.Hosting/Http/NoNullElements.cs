using System.Collections;

namespace NeemPlatform.Hosting;

/// <summary>
/// System.Text.Json's nullable checks stop at a collection's elements: <c>"entries": [null]</c> would reach an
/// endpoint as a null element and fail there with a null dereference (a 500). After any object is read, this
/// refuses a list member holding null with a JsonException naming the member, which the API answers as a 400.
/// It only adds a check after reading: converters and the OpenAPI schemas stay as they are.
/// </summary>
public static class NoNullElements
{
    public static void Modifier(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var lists = info.Properties
            .Where(p => p.Get is not null && p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType)
                        && !typeof(IDictionary).IsAssignableFrom(p.PropertyType))
            .ToList();
        if (lists.Count == 0)
        {
            return;
        }

        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            previous?.Invoke(value);
            foreach (var list in lists)
            {
                if (list.Get!(value) is IEnumerable items && items.Cast<object?>().Any(item => item is null))
                {
                    throw new JsonException($"The list '{list.Name}' may not hold null.", $"$.{list.Name}", null, null);
                }
            }
        };
    }
}
