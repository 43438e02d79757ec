using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc;

namespace NeemPlatform.PartnerGateway;

/// <summary>
/// One address for partners with national reach. A referral goes, unchanged and with the partner's Idempotency-Key, to the
/// regional platform that serves the person's municipality, under the partner's own credential there; the region's answer
/// comes back as it is (201, a replay, 400, 413, 422, 429), with the region named in <c>Neem-Region</c>. The gateway keeps
/// nothing: the body lives in memory for the one delivery, and no body, name or number is ever logged.
/// </summary>
public sealed class ReferralRouting(GatewayOptionsSource source, Municipalities municipalities, IHttpClientFactory clients,
    ILogger<ReferralRouting> logger)
{
    public const string ClientName = "regions";
    public const string PartnerKeyHeader = "X-Api-Key";
    public const string RegionHeader = "Neem-Region";
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] PassedBack = ["Location", "Retry-After", "Idempotent-Replayed"];

    /// <summary>The partner whose key this is, compared as fixed-length hashes; null for none.</summary>
    public NationalPartner? Partner(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(PartnerKeyHeader, out var key) || key.Count != 1 || string.IsNullOrEmpty(key[0]))
        {
            return null;
        }

        var hash = GatewayOptions.Hash(key[0]!);
        return source.Current.Partners.FirstOrDefault(p => CryptographicOperations.FixedTimeEquals(p.KeyHash, hash));
    }

    public async Task<IResult> ReferAsync(HttpContext http)
    {
        if (Partner(http) is not { } partner)
        {
            return Unauthorized();
        }

        if (http.Request.ContentType is not { } type || !MediaTypeHeaderValue.TryParse(type, out var media)
            || media.MediaType is not ("application/json" or "application/problem+json") && media.MediaType?.EndsWith("+json", StringComparison.Ordinal) != true)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported media type",
                Type = Problems.TypeBase + "unsupported-media-type",
                Detail = "Send the referral as JSON (Content-Type: application/json)."
            });
        }

        var body = await ReadBodyAsync(http);
        if (body is null)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Type = Problems.TypeBase + "payload-too-large",
                Detail = $"A referral is at most {MaxBodyBytes / 1024} KB."
            });
        }

        string? municipality;
        try
        {
            // Members are read as the regions read them: whatever their letter case (a body naming it twice is theirs to refuse).
            using var document = JsonDocument.Parse(body);
            municipality = document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject()
                    .Where(m => m.Name.Equals("municipality", StringComparison.OrdinalIgnoreCase) && m.Value.ValueKind == JsonValueKind.String)
                    .Select(m => m.Value.GetString()).FirstOrDefault()
                : null;
        }
        catch (JsonException)
        {
            return TypedResults.Problem(Problems.MalformedBody(null));
        }

        string region;
        switch (string.IsNullOrWhiteSpace(municipality) ? new Municipalities.Unknown() : municipalities.Find(municipality))
        {
            case Municipalities.InRegion known:
                region = known.Region;
                break;
            case Municipalities.OutsideProgramme:
                return Problems.Refused("Municipality outside the programme",
                    "The municipality is not served by any of the programme's regional platforms (the municipalities of Stockholm, " +
                    "Västmanland and Örebro counties). Nothing was stored; refer the person to a local programme instead.");
            default:
                return Problems.Invalid(new Dictionary<string, string[]>
                {
                    ["municipality"] = [string.IsNullOrWhiteSpace(municipality)
                        ? "Required: the municipality the person lives in (a name such as Botkyrka, or its code such as 0127). It decides which regional platform receives the referral."
                        : "Not a Swedish municipality: give its name (Botkyrka, Västerås, Vasteras) or its four-digit code (0127)."]
                });
        }

        // A retry goes where its first attempt went, even if the municipality now points elsewhere: the region that holds the
        // key answers it (a replay, or 422 for another body), exactly as a single region would.
        var idempotencyKey = http.Request.Headers["Idempotency-Key"];
        if (idempotencyKey.Count == 1 && !string.IsNullOrEmpty(idempotencyKey[0]))
        {
            switch (await RegionHoldingKeyAsync(http, partner, idempotencyKey[0]!, except: region))
            {
                case KeyLookup.Found found:
                    region = found.Region;
                    break;
                case KeyLookup.Unanswered unanswered:
                    return Unavailable(http, $"the {unanswered.Region} platform");
            }
        }

        if (!partner.Credentials.TryGetValue(region, out var credential) || !source.Current.Regions.TryGetValue(region, out var address))
        {
            return Problems.Refused("Region not open to your organisation",
                $"The person's municipality belongs to the {region} platform, where your organisation has no credential yet. Nothing was stored; ask the programme to set it up.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/api/referrals"))
        {
            Content = new ByteArrayContent(body)
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(http.Request.ContentType!);
        request.Headers.TryAddWithoutValidation(PartnerKeyHeader, credential);
        if (idempotencyKey.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", (IEnumerable<string>)idempotencyKey!);
        }

        return await DeliverAsync(http, request, region, partner);
    }

    /// <summary>A referral's status: asked of each region the partner refers to, answered by the one that holds it.</summary>
    public async Task<IResult> StatusAsync(HttpContext http, Guid referralId)
    {
        if (Partner(http) is not { } partner)
        {
            return Unauthorized();
        }

        var unreachable = false;
        foreach (var (region, credential) in partner.Credentials)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Current.Regions[region], $"/api/referrals/{referralId}"));
            request.Headers.TryAddWithoutValidation(PartnerKeyHeader, credential);
            try
            {
                using var response = await clients.CreateClient(ClientName).SendAsync(request, http.RequestAborted);
                if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
                {
                    await CopyAsync(http, response, region);
                    return Results.Empty;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
            {
                logger.LogWarning("The {Region} platform did not answer a status request: {Error}", region, e.GetType().Name);
                unreachable = true;
            }
        }

        return unreachable ? Unavailable(http, "one of the regional platforms") : Problems.NotFound("referral", referralId);
    }

    private abstract record KeyLookup
    {
        public sealed record NotUsed : KeyLookup;

        public sealed record Found(string Region) : KeyLookup;

        public sealed record Unanswered(string Region) : KeyLookup;
    }

    /// <summary>
    /// Which other region, if any, already holds this partner's <paramref name="key"/>: each region the partner refers to is
    /// asked (GET /api/referrals/by-idempotency-key). A region that does not answer leaves it open, so the referral waits.
    /// </summary>
    private async Task<KeyLookup> RegionHoldingKeyAsync(HttpContext http, NationalPartner partner, string key, string except)
    {
        foreach (var (region, credential) in partner.Credentials.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (region == except || !source.Current.Regions.TryGetValue(region, out var address))
            {
                continue;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/api/referrals/by-idempotency-key"));
            request.Headers.TryAddWithoutValidation(PartnerKeyHeader, credential);
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            try
            {
                using var response = await clients.CreateClient(ClientName).SendAsync(request, http.RequestAborted);
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return new KeyLookup.Found(region);
                }

                if (response.StatusCode is not (System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest))
                {
                    logger.LogWarning("The {Region} platform answered a key lookup with {Status}", region, (int)response.StatusCode);
                    return new KeyLookup.Unanswered(region);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
            {
                logger.LogWarning("The {Region} platform did not answer a key lookup: {Error}", region, e.GetType().Name);
                return new KeyLookup.Unanswered(region);
            }
        }

        return new KeyLookup.NotUsed();
    }

    private async Task<IResult> DeliverAsync(HttpContext http, HttpRequestMessage request, string region, NationalPartner partner)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, http.RequestAborted);
            logger.LogInformation("Referral of {Partner} delivered to {Region}: {Status}", partner.Name, region, (int)response.StatusCode);
            await CopyAsync(http, response, region);
            return Results.Empty;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("The {Region} platform did not answer a referral of {Partner}: {Error}", region, partner.Name, e.GetType().Name);
            return Unavailable(http, $"the {region} platform");
        }
    }

    private static async Task CopyAsync(HttpContext http, HttpResponseMessage response, string region)
    {
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var name in PassedBack)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                http.Response.Headers[name] = values.ToArray();
            }
        }

        http.Response.Headers[RegionHeader] = region;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            http.Response.ContentType = contentType.ToString();
        }

        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    /// <summary>The body, or null when it is larger than a referral may be.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unauthorized() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status401Unauthorized,
        Title = "Partner credential missing or unknown",
        Type = Problems.TypeBase + "unauthorized",
        Detail = $"Send your organisation's national credential in the {PartnerKeyHeader} header."
    });

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unavailable(HttpContext http, string who)
    {
        http.Response.Headers.RetryAfter = "30";
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Regional platform unavailable",
            Type = Problems.TypeBase + "region-unavailable",
            Detail = $"{char.ToUpperInvariant(who[0])}{who[1..]} did not answer. Retry with the same Idempotency-Key: a referral that did arrive is answered as a replay, never stored twice."
        });
    }
}
