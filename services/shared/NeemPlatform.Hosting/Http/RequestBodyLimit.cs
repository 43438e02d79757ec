using Microsoft.AspNetCore.Http.Features;

namespace NeemPlatform.Hosting;

/// <summary>
/// Every NEEM API refuses request bodies over <c>Neem:Http:MaxRequestBodyBytes</c> (64 KB by default) with
/// a 413 problem: at once when the Content-Length says so, and while reading when a chunked body grows past
/// it. Nothing is read into memory beyond the limit.
/// </summary>
public static class RequestBodyLimit
{
    public const long DefaultBytes = 64 * 1024;

    public static ProblemDetails TooLarge(long limit) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Request body too large",
        Type = Problems.TypeBase + "payload-too-large",
        Detail = $"The request body is larger than the {limit / 1024} KB this API accepts."
    };

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long limit) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = TooLarge(limit)
                });
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
            if (await RefusedBodyAsync(context.Request) is { } refused)
            {
                context.Response.StatusCode = refused.Status!.Value;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = refused
                });
                return;
            }

            await next(context);
        });

    /// <summary>An operation that reads a JSON object from the body, and got none.</summary>
    private static readonly ProblemDetails NoBody = new HttpValidationProblemDetails(new Dictionary<string, string[]>
    {
        ["$"] = ["The request has no body; this operation takes a JSON object."]
    })
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Malformed request body",
        Type = Problems.TypeBase + "malformed-body",
        Detail = "The request has no body; this operation takes a JSON object."
    };

    /// <summary>Whether the endpoint the request was routed to reads a JSON body it cannot do without.</summary>
    private static bool TakesBody(HttpRequest request) =>
        request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { IsOptional: false } accepts
        && accepts.ContentTypes.Any(JsonBodyRules.IsJson);

    /// <summary>
    /// Every NEEM command takes one JSON object (<see cref="JsonBodyRules"/>). A body of another media type is a 415, a
    /// body that breaks the rules a 400 naming where, before a handler could receive a half-read command. The body is
    /// read once into memory (it is within the limit) and handed on unchanged.
    /// </summary>
    private static async Task<ProblemDetails?> RefusedBodyAsync(HttpRequest request)
    {
        if (request.Method is not ("POST" or "PUT" or "PATCH"))
        {
            return null;
        }

        if (request.ContentLength == 0
            || (request.ContentLength is null && !request.Headers.TransferEncoding.Any(t => t?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)))
        {
            return TakesBody(request) ? NoBody : null;
        }

        if (!JsonBodyRules.IsJson(request.ContentType))
        {
            return JsonBodyRules.UnsupportedMediaType;
        }

        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        request.Body.Position = 0;
        if (buffer.Length == 0)
        {
            return TakesBody(request) ? NoBody : null;
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var reading = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
            .Value.SerializerOptions;
        return JsonBodyRules.Check(bytes, reading) ?? Unreadable(request, bytes);
    }

    /// <summary>
    /// The body read as the operation's request type, with the API's own JSON rules and one more: a member the type does not
    /// have is refused (a misspelled field would otherwise be lost without a word). Null when it reads; else the 400 naming the
    /// field, in the same vocabulary as every other 400 (no framework type names, no values).
    /// </summary>
    private static ProblemDetails? Unreadable(HttpRequest request, ReadOnlySpan<byte> body)
    {
        if (request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not { RequestType: { } type })
        {
            return null;
        }

        var strict = Strict(request.HttpContext.RequestServices);
        try
        {
            System.Text.Json.JsonSerializer.Deserialize(body, type, strict);
            return null;
        }
        catch (System.Text.Json.JsonException e) when (e.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var field = Problems.FieldName(e.Path);
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = ["Not a field of this request: check its spelling against the API's documentation."]
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Unknown field",
                Type = Problems.TypeBase + "unknown-field",
                Detail = $"The body has a field '{field}' this operation does not take."
            };
        }
        catch (System.Text.Json.JsonException e)
        {
            return Problems.MalformedBody(e.Path);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            return Problems.MalformedBody(null);
        }
    }

    private static System.Text.Json.JsonSerializerOptions? _strict;

    private static System.Text.Json.JsonSerializerOptions Strict(IServiceProvider services) =>
        _strict ??= new System.Text.Json.JsonSerializerOptions(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions)
        {
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow
        };

    /// <summary>Throws a 413 <see cref="BadHttpRequestException"/> once more than the limit has been read.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            return read;
        }
    }
}
