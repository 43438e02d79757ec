using System.Text.Json.Nodes;

namespace NeemPlatform.Hosting;

/// <summary>What the server enforces on one member, said in the contract: its closed set of values, its limits, its format, an example.</summary>
public sealed record FieldFacts(
    string? Description = null, IReadOnlyList<string>? Values = null, int? MinLength = null, int? MaxLength = null, string? Pattern = null,
    string? Format = null, decimal? Minimum = null, decimal? Maximum = null, object? Example = null);

/// <summary>
/// Facts about request and answer types that the OpenAPI generator cannot see (the rules live in the validators): a schema
/// transformer writes them into each type's schema, with an example of the whole type. One place per service says them,
/// next to the vocabularies they come from, so the contract cannot drift from the rules.
/// </summary>
public sealed class ApiSchemaFacts
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<Type, Dictionary<string, FieldFacts>> _fields = [];
    private readonly Dictionary<Type, object> _examples = [];
    private readonly Dictionary<(string Operation, string Parameter), FieldFacts> _parameters = [];

    /// <summary>Facts about members of <typeparamref name="T"/>, by their JSON (camelCase) names, and an example of a whole <typeparamref name="T"/>.</summary>
    public ApiSchemaFacts For<T>(IReadOnlyDictionary<string, FieldFacts> fields, T? example = default)
    {
        _fields[typeof(T)] = new Dictionary<string, FieldFacts>(fields);
        if (example is not null)
        {
            _examples[typeof(T)] = example;
        }

        return this;
    }

    /// <summary>Facts about a query or header parameter of one operation ("GET /api/referrals").</summary>
    public ApiSchemaFacts Parameter(string operation, string parameter, FieldFacts facts)
    {
        _parameters[(operation, parameter)] = facts;
        return this;
    }

    public void Register(OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            // The type's own members, wherever its schema is built: as a body, or as a member of another type (a company inside an outcome).
            if (_fields.TryGetValue(type, out var fields) && schema.Properties is { } properties)
            {
                foreach (var (name, facts) in fields)
                {
                    if (properties.TryGetValue(name, out var property) && property is OpenApiSchema member)
                    {
                        Apply(member, facts);
                    }
                }
            }

            if (context.JsonPropertyInfo is null && _examples.TryGetValue(type, out var example))
            {
                schema.Examples = [JsonSerializer.SerializeToNode(example, type, Web)!];
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var id = $"{context.Description.HttpMethod} /{context.Description.RelativePath}";
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is OpenApiParameter concrete && parameter.Name is { } name
                    && _parameters.TryGetValue((id, name), out var facts) && concrete.Schema is OpenApiSchema schema)
                {
                    Apply(schema, facts);
                    concrete.Description ??= facts.Description;
                }
            }

            return Task.CompletedTask;
        });
    }

    private static void Apply(OpenApiSchema schema, FieldFacts facts)
    {
        schema.Description ??= facts.Description;
        if (facts.Values is { } values)
        {
            // A member that may be left out or null says so in its enum too (JSON Schema checks null against the enum).
            var nullable = schema.Type is { } t && t.HasFlag(JsonSchemaType.Null);
            schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v)), .. nullable ? new JsonNode[] { null! } : []];
        }

        schema.MinLength = facts.MinLength ?? schema.MinLength;
        schema.MaxLength = facts.MaxLength ?? schema.MaxLength;
        schema.Pattern = facts.Pattern ?? schema.Pattern;
        schema.Format = facts.Format ?? schema.Format;
        schema.Minimum = facts.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? schema.Minimum;
        schema.Maximum = facts.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? schema.Maximum;
        if (facts.Example is { } example)
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, Web)!];
        }
    }
}
