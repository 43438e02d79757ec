namespace NeemPlatform.Hosting;

/// <summary>
/// What every NEEM command body must be before any endpoint reads it: one JSON object, each member named once in
/// its object as the endpoint's reading compares names (a repeated member would let a later value silently win, e.g.
/// <c>consent:false … consent:true</c>, and so would <c>consent:false … Consent:true</c> when names are read in any case), no
/// NUL character and no broken surrogate in any name or string (PostgreSQL's jsonb refuses them), and at most
/// <see cref="MaxMembers"/> members in all.
/// </summary>
public static class JsonBodyRules
{
    public const int MaxMembers = 2_000;

    public static readonly ProblemDetails UnsupportedMediaType = new()
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "Unsupported media type",
        Type = Problems.TypeBase + "unsupported-media-type",
        Detail = "Send the request body as JSON with the header 'Content-Type: application/json'."
    };

    /// <summary>True for application/json and any +json type, with or without a charset of UTF-8.</summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? "";
        var charset = media.Charset.Value;
        return (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
               && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Null when the body keeps the rules; otherwise the 400 problem naming where it breaks one. Member names are compared
    /// the way <paramref name="reading"/> (the options the endpoint binds the body with) matches them to fields.
    /// </summary>
    public static ProblemDetails? Check(ReadOnlySpan<byte> body, JsonSerializerOptions reading)
    {
        var sameName = MemberNames(reading);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow });
        var names = new Stack<HashSet<string>>();
        var path = new Stack<string>();
        string? pendingName = null;
        var members = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Problems.MalformedBody("$");
            }

            names.Push(new HashSet<string>(sameName));
            path.Push("$");
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        names.Push(new HashSet<string>(sameName));
                        path.Push(pendingName is null ? path.Peek() + "[]" : path.Peek() + "." + pendingName);
                        pendingName = null;
                        break;
                    case JsonTokenType.StartArray:
                        names.Push(new HashSet<string>(sameName));
                        path.Push(pendingName is null ? path.Peek() + "[]" : path.Peek() + "." + pendingName);
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        names.Pop();
                        path.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (++members > MaxMembers)
                        {
                            return Invalid("$", $"The body has more than {MaxMembers} members.");
                        }

                        if (!Clean(name) || !names.Peek().Add(name))
                        {
                            return Invalid(Field(path.Peek(), Clean(name) ? name : "?"),
                                Clean(name) ? "This member appears more than once." : "Member names may not hold NUL or broken characters.");
                        }

                        pendingName = name;
                        break;
                    case JsonTokenType.String:
                        if (!Clean(reader.GetString()!))
                        {
                            return Invalid(Field(path.Peek(), pendingName ?? ""), "Text may not hold the NUL character or broken characters.");
                        }

                        pendingName = null;
                        break;
                    default:
                        pendingName = null;
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON at all, or a string the reader cannot decode: the endpoint's own reading would say the same.
            var where = path.Count > 0 ? path.Peek() : "$";
            return Problems.MalformedBody(pendingName is null ? where : where + "." + pendingName);
        }

        return null;
    }

    /// <summary>How a reading with <paramref name="options"/> tells two member names apart: System.Text.Json's own comparer.</summary>
    public static StringComparer MemberNames(JsonSerializerOptions options) =>
        options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static bool Clean(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) ? i + 1 >= value.Length || !char.IsLowSurrogate(value[++i]) : char.IsLowSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Field(string path, string name)
    {
        var full = name.Length == 0 ? path : path + "." + name;
        return Problems.FieldName(full);
    }

    private static HttpValidationProblemDetails Invalid(string field, string message) =>
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Type = Problems.TypeBase + "validation",
            Detail = $"Invalid field(s): {field}."
        };
}
