namespace NeemPlatform.PartnerGateway;

/// <summary>
/// A partner with national reach: the key it sends here (kept as its SHA-256, <c>Neem:Gateway:Partners:&lt;name&gt;:KeySha256</c>,
/// or <c>:Key</c> on a local machine) and its own credential at each regional platform (<c>:Credentials:&lt;region&gt;</c>), so
/// each region records the referral as that partner's, with that partner's idempotency keys and rate limit.
/// </summary>
public sealed record NationalPartner(string Name, byte[] KeyHash, IReadOnlyDictionary<string, string> Credentials);

/// <summary>The gateway's configuration: the regional platforms' Participant addresses and the national partners.</summary>
public sealed record GatewayOptions(IReadOnlyDictionary<string, Uri> Regions, IReadOnlyList<NationalPartner> Partners)
{
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static GatewayOptions From(IConfiguration configuration)
    {
        var regions = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var region in configuration.GetSection("Neem:Gateway:Regions").GetChildren())
        {
            if (!Microsoft.Extensions.Hosting.Regions.IsKnown(region.Key)
                || !Uri.TryCreate(region["Url"], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException(
                    $"Neem:Gateway:Regions:{region.Key}:Url must be the Participant service's address of a regional platform ({string.Join(", ", Microsoft.Extensions.Hosting.Regions.All)}).");
            }

            regions[region.Key] = url;
        }

        var partners = new List<NationalPartner>();
        foreach (var partner in configuration.GetSection("Neem:Gateway:Partners").GetChildren())
        {
            byte[] hash;
            if (partner["KeySha256"] is { Length: 64 } hex)
            {
                hash = Convert.FromHexString(hex);
            }
            else if (partner["Key"] is { Length: >= 32 } key)
            {
                hash = Hash(key);
            }
            else
            {
                throw new InvalidOperationException(
                    $"Neem:Gateway:Partners:{partner.Key} needs KeySha256 (64 hex digits) or Key (32+ characters): the key the partner sends here.");
            }

            var credentials = partner.GetSection("Credentials").GetChildren().ToDictionary(c => c.Key, c => c.Value ?? "", StringComparer.Ordinal);
            foreach (var (region, credential) in credentials)
            {
                if (!regions.ContainsKey(region) || string.IsNullOrWhiteSpace(credential))
                {
                    throw new InvalidOperationException(
                        $"Neem:Gateway:Partners:{partner.Key}:Credentials:{region} must be the partner's credential at a region the gateway knows.");
                }
            }

            partners.Add(new NationalPartner(partner.Key, hash, credentials));
        }

        if (regions.Count == 0)
        {
            throw new InvalidOperationException("The partner gateway needs Neem:Gateway:Regions:<region>:Url for the regional platforms it delivers to.");
        }

        return new GatewayOptions(regions, partners);
    }
}

/// <summary>
/// The gateway's current options: read again whenever its configuration changes (the partners file is watched), so a national
/// partner can be added or a credential rotated without a restart. A file that does not read leaves the last good options in place.
/// </summary>
public sealed class GatewayOptionsSource
{
    private GatewayOptions _current;

    public GatewayOptionsSource(IConfiguration configuration, Microsoft.Extensions.Logging.ILogger<GatewayOptionsSource> logger)
    {
        _current = GatewayOptions.From(configuration);
        Microsoft.Extensions.Primitives.ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            try
            {
                _current = GatewayOptions.From(configuration);
                Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Gateway configuration read again: {Partners} national partners",
                    _current.Partners.Count);
            }
            catch (InvalidOperationException e)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, "Gateway configuration not taken: {Error}", e.Message);
            }
        });
    }

    public GatewayOptions Current => _current;
}
