using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeemPlatform.TestSupport;

/// <summary>One request of the bad-input corpus.</summary>
public sealed record HostileRequest(string Name, HttpMethod Method, string Path, string? Body, string Caller,
    string? ContentType = "application/json");

/// <summary>
/// Builds malformed and hostile requests for every operation a service's OpenAPI document describes: each
/// request breaks one thing that must be refused (a wrong JSON type, a missing or null required member, a
/// non-id where an id belongs, an impossible date, an injection string where a number, id or date belongs, a
/// negative or absurd amount, a huge or deeply nested body, a body that is not a JSON object, a garbage path or
/// query value, an id of nothing in this region, a repeated member (also in another letter case), a body that is not declared as JSON, NUL,
/// bidirectional overrides and line separators in text, thousands of unknown members, dates far in the future, a date-time or
/// a signed year where a date belongs, and repeated list values in the query).
/// </summary>
public static class HostileRequests
{
    private static readonly string[] Injections =
    [
        "'; DROP TABLE mt_events; --", "\" OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "../../etc/passwd", "{{7*7}}",
        "' || pg_sleep(5) --", "\u202Eevil"
    ];

    private static readonly string[] BadDates = ["31/12/2026", "2026-13-01", "2026-02-30", "yesterday", "0000-00-00"];

    public static IEnumerable<HostileRequest> For(JsonElement openApi, Func<string, string> callerFor)
    {
        var schemas = openApi.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        foreach (var path in openApi.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/", StringComparison.Ordinal) || path.Name.StartsWith("/api/info", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is not ("get" or "post" or "put" or "delete" or "patch"))
                {
                    continue;
                }

                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var caller = callerFor(path.Name);
                var route = path.Name;
                var concrete = System.Text.RegularExpressions.Regex.Replace(route, "\\{[^}]+\\}", _ => Guid.NewGuid().ToString());
                var id = $"{method} {route}";

                // Garbage in the route: never an id, never a version.
                if (route.Contains('{', StringComparison.Ordinal))
                {
                    foreach (var garbage in new[] { "not-a-guid", "1%27%20OR%201%3D1", "..%2F..%2Fetc" })
                    {
                        var broken = System.Text.RegularExpressions.Regex.Replace(route, "\\{[^}]+\\}", garbage);
                        yield return new($"{id}: route {garbage}", method, broken, method == HttpMethod.Get || method == HttpMethod.Delete ? null : "{}", caller);
                    }
                }

                // Query values of the wrong type.
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
                    {
                        var name = parameter.GetProperty("name").GetString();
                        var type = TypeOf(parameter.TryGetProperty("schema", out var ps) ? ps : default, schemas);
                        var bad = type.Kind switch { "integer" or "number" => "abc", "boolean" => "maybe", _ => type.Format is "date" ? "31/12/2026" : type.Format is "uuid" ? "not-a-guid" : null };
                        if (bad is not null)
                        {
                            yield return new($"{id}: query {name}={bad}", method, $"{concrete}?{name}={Uri.EscapeDataString(bad)}", null, caller);
                        }

                        // Values that parse but lie outside any calendar the programme keeps, or repeat a list member.
                        var extremes = type.Format switch
                        {
                            "date" => ["9999-12-31", "0001-01-01", "2026-03-14T23:30:00", "+2026-03-14", "03/14/2026"],
                            "date-time" => ["9999-12-31T23:59:59Z"],
                            _ when type.Kind == "string" && name is "from" or "to" => new[] { "9999-12", "0001-01", "a\u0000b" },
                            _ when type.Kind == "string" && name is "by" => new[] { "gender,gender", "a\u0000b" },
                            _ when type.Kind == "string" => new[] { "a\u0000b" },
                            _ when type.Kind is "integer" => ["2147483647", "-2147483648"],
                            _ => []
                        };
                        foreach (var extreme in extremes)
                        {
                            yield return new($"{id}: query {name}={extreme}", method, $"{concrete}?{name}={Uri.EscapeDataString(extreme)}", null, caller);
                        }
                    }
                }

                // Every month or date of the query far in the future at once (a range whose both ends parse, beyond the calendar).
                if (operation.Value.TryGetProperty("parameters", out var all))
                {
                    var ends = all.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query")
                        .Select(p => p.GetProperty("name").GetString()!).Where(n => n is "from" or "to").ToList();
                    if (ends.Count == 2)
                    {
                        yield return new($"{id}: from and to in 9999", method, $"{concrete}?from=9999-01&to=9999-12", null, caller);
                    }
                }

                if (!operation.Value.TryGetProperty("requestBody", out var requestBody))
                {
                    continue;
                }

                var schema = requestBody.GetProperty("content").EnumerateObject().First().Value.GetProperty("schema");
                var (properties, required) = PropertiesOf(schema, schemas);
                var valid = new JsonObject();
                foreach (var (name, type) in properties)
                {
                    valid[name] = Sample(type);
                }

                string With(Action<JsonObject> change)
                {
                    var body = (JsonObject)valid.DeepClone();
                    change(body);
                    return body.ToJsonString();
                }

                yield return new($"{id}: not JSON", method, concrete, "{this is not json", caller);
                yield return new($"{id}: null body", method, concrete, "null", caller);
                yield return new($"{id}: array body", method, concrete, "[1,2,3]", caller);
                yield return new($"{id}: number body", method, concrete, "42", caller);
                yield return new($"{id}: huge body", method, concrete, With(b => b["padding"] = new string('x', 70 * 1024)), caller);
                yield return new($"{id}: deep JSON", method, concrete, string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100), caller);
                yield return new($"{id}: as text/plain", method, concrete, valid.ToJsonString(), caller, "text/plain");
                yield return new($"{id}: without a content type", method, concrete, valid.ToJsonString(), caller, null);
                yield return new($"{id}: as form data", method, concrete, "a=1&b=2", caller, "application/x-www-form-urlencoded");
                yield return new($"{id}: thousands of unknown members", method, concrete,
                    "{" + string.Join(",", Enumerable.Range(0, 3_000).Select(i => $"\"u{i}\":{i}")) + "}", caller);
                foreach (var name in properties.Keys)
                {
                    var first = valid[name]?.ToJsonString() ?? "null";
                    // The same member twice: a later value must never silently win.
                    yield return new($"{id}: {name} twice", method, concrete,
                        valid.ToJsonString().TrimEnd('}') + (valid.Count > 0 ? "," : "") + $"\"{name}\":{first}}}", caller);
                    // And again in another letter case, which a case-insensitive reading takes for the same member.
                    yield return new($"{id}: {name} twice in another case", method, concrete,
                        valid.ToJsonString().TrimEnd('}') + (valid.Count > 0 ? "," : "") + $"\"{name.ToUpperInvariant()}\":{first}}}", caller);
                }
                foreach (var name in required)
                {
                    yield return new($"{id}: missing {name}", method, concrete, With(b => b.Remove(name)), caller);
                    if (!properties[name].Nullable)
                    {
                        yield return new($"{id}: null {name}", method, concrete, With(b => b[name] = null), caller);
                    }
                }

                foreach (var (name, type) in properties)
                {
                    var wrong = type.Kind switch
                    {
                        "string" => JsonValue.Create(12345),
                        "integer" or "number" => JsonValue.Create("lots"),
                        "boolean" => JsonValue.Create("yes"),
                        "array" => JsonValue.Create("not a list"),
                        "object" => JsonValue.Create(42),
                        _ => null
                    };
                    if (wrong is not null)
                    {
                        yield return new($"{id}: {name} of the wrong type", method, concrete, With(b => b[name] = wrong), caller);
                    }

                    if (type.Kind == "string" && type.Format is null)
                    {
                        // Written as JSON escapes, the way an attacker's client sends them.
                        foreach (var (what, escaped) in new[] { ("NUL", "\"Amina\\u0000Evil\""), ("a bidi override", "\"Amina\\u202Egnp.exe\""),
                                     ("a line separator", "\"Amina\\u2028Evil\""), ("a broken surrogate", "\"Amina\\ud800\"") })
                        {
                            yield return new($"{id}: {name} with {what}", method, concrete,
                                With(b => b[name] = "__hostile__").Replace("\"__hostile__\"", escaped, StringComparison.Ordinal), caller);
                        }
                    }

                    if (type.Kind == "array")
                    {
                        yield return new($"{id}: {name} holding a null", method, concrete, With(b => b[name] = new JsonArray((JsonNode?)null)), caller);
                    }

                    if (type.Format == "uuid")
                    {
                        foreach (var bad in Injections.Take(3).Append("not-a-guid"))
                        {
                            yield return new($"{id}: {name} = {bad}", method, concrete, With(b => b[name] = bad), caller);
                        }
                    }

                    if (type.Format == "date")
                    {
                        foreach (var bad in BadDates.Concat(Injections.Take(2)))
                        {
                            yield return new($"{id}: {name} = {bad}", method, concrete, With(b => b[name] = bad), caller);
                        }
                    }

                    if (type.Kind is "integer" or "number")
                    {
                        yield return new($"{id}: {name} = injection", method, concrete, With(b => b[name] = Injections[0]), caller);
                        yield return new($"{id}: {name} = 1e400", method, concrete, With(b => b[name] = JsonNode.Parse("1e400")), caller);
                    }

                    if (name.EndsWith("Sek", StringComparison.Ordinal) && type.Kind == "number")
                    {
                        yield return new($"{id}: {name} absurd", method, concrete, With(b => b[name] = 1_000_000_000_000m), caller);
                        yield return new($"{id}: {name} with a tenth of an öre", method, concrete, With(b => b[name] = 10.001m), caller);
                    }

                    if (name == "personalIdentityNumber")
                    {
                        foreach (var bad in new[] { "850314-6240", "850230-6241", "19850314+6249", "850314-0000", "٨٥٠٣١٤-٦٢٤٦" }.Concat(Injections))
                        {
                            yield return new($"{id}: {name} = {bad}", method, concrete, With(b => b[name] = bad), caller);
                        }
                    }
                }
            }
        }
    }

    public sealed record FieldType(string Kind, string? Format, bool Nullable);

    private static JsonNode? Sample(FieldType type) => type.Kind switch
    {
        "string" => type.Format switch { "uuid" => Guid.NewGuid().ToString(), "date" => "2026-03-01", "date-time" => "2026-03-01T10:00:00Z", _ => "x" },
        "integer" => 1,
        "number" => 1m,
        "boolean" => true,
        "array" => new JsonArray(),
        "object" => new JsonObject(),
        _ => null
    };

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        for (var depth = 0; depth < 10 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); depth++)
        {
            schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return schema;
    }

    private static FieldType TypeOf(JsonElement schema, JsonElement schemas)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return new("unknown", null, true);
        }

        var nullable = false;
        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            var options = oneOf.EnumerateArray().ToList();
            nullable = options.Any(o => o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null");
            schema = options.FirstOrDefault(o => !(o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return new("unknown", null, true);
            }
        }

        schema = Resolve(schema, schemas);
        string? kind = null;
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.Array)
            {
                var kinds = type.EnumerateArray().Select(t => t.GetString()).ToList();
                nullable |= kinds.Contains("null");
                kind = kinds.FirstOrDefault(k => k != "null");
            }
            else
            {
                kind = type.GetString();
            }
        }
        else if (schema.TryGetProperty("properties", out _))
        {
            kind = "object";
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return new(kind ?? "unknown", format, nullable);
    }

    private static (Dictionary<string, FieldType> Properties, List<string> Required) PropertiesOf(JsonElement schema, JsonElement schemas)
    {
        schema = Resolve(schema, schemas);
        var properties = new Dictionary<string, FieldType>();
        if (schema.TryGetProperty("properties", out var props))
        {
            foreach (var p in props.EnumerateObject())
            {
                properties[p.Name] = TypeOf(p.Value, schemas);
            }
        }

        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).Where(properties.ContainsKey).ToList() : [];
        return (properties, required);
    }
}
