using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace NeemPlatform.AppHost;

/// <summary>
/// The secrets a regional instance needs besides its database: the key of the identity-number hash (it must
/// never change, or returning people are no longer recognised), the key that signs credit statements, and the
/// staff token settings (outside Development an OpenID Connect authority is required). Taken from
/// configuration when set (<c>Neem:Participant:IdentityKey</c>, <c>Neem:Auth:Authority</c>,
/// <c>Neem:Auth:DevelopmentSigningKey</c>); otherwise created once in the instance's data directory
/// (owner-only files) and read from there on every later run.
/// </summary>
public sealed record PlatformSecrets(string IdentityKey, string StatementKey, string? Authority, string? Audience, string? DevelopmentSigningKey)
{
    /// <summary>Keys the pseudonyms of the instance's MIS feed (<c>mis-feed.key</c>, or <c>Neem:Impact:FeedSecret</c>).</summary>
    public string FeedSecret { get; init; } = "";

    /// <summary>The researcher's key to the instance's MIS feed (<c>research-feed.key</c>).</summary>
    public string ResearchFeedKey { get; init; } = "";

    /// <summary>The national view's key to the instance's MIS feed (<c>national-feed.key</c>; used when the whole programme runs).</summary>
    public string NationalFeedKey { get; init; } = "";

    /// <summary>Where an instance keeps its secrets: beside its data.</summary>
    public static string DirectoryOf(PlatformSettings settings, string instance) =>
        settings.DataDirectory is not null
            ? settings.Programme ? Path.Combine(Path.GetFullPath(settings.DataDirectory), instance) : Path.GetFullPath(settings.DataDirectory)
            : settings.Programme ? Path.Combine(LocalPostgres.DefaultBaseDirectory(settings.InstanceName), instance)
            : LocalPostgres.DefaultBaseDirectory(settings.Region);

    public static PlatformSecrets Read(IConfiguration configuration, PlatformSettings settings, bool development) =>
        Read(configuration, DirectoryOf(settings, settings.Region), development);

    /// <summary>The secrets of one instance, kept in <paramref name="directory"/>.</summary>
    public static PlatformSecrets Read(IConfiguration configuration, string directory, bool development)
    {
        if (!development && string.IsNullOrWhiteSpace(configuration["Neem:Auth:Authority"]))
        {
            // The development issuer hands administrator tokens to anyone who reaches a port: never outside Development.
            throw new PlatformConfigurationException(
                "Outside the Development environment the platform needs Neem:Auth:Authority (and Neem:Auth:Audience): your " +
                "organisation's OpenID Connect issuer. Set Neem__Auth__Authority, or run with DOTNET_ENVIRONMENT=Development for a local trial.");
        }

        var identityKey = configuration["Neem:Participant:IdentityKey"] ?? ReadOrCreate(Path.Combine(directory, "identity.key"));
        var statementKey = configuration["Neem:Lending:StatementKey"] ?? ReadOrCreate(Path.Combine(directory, "statement.key"));
        var feeds = new PlatformSecrets(identityKey, statementKey, null, null, null)
        {
            FeedSecret = configuration["Neem:Impact:FeedSecret"] ?? ReadOrCreate(Path.Combine(directory, "mis-feed.key")),
            ResearchFeedKey = ReadOrCreate(Path.Combine(directory, "research-feed.key")),
            NationalFeedKey = ReadOrCreate(Path.Combine(directory, "national-feed.key"))
        };
        var authority = configuration["Neem:Auth:Authority"];
        if (!string.IsNullOrWhiteSpace(authority))
        {
            return feeds with { Authority = authority, Audience = configuration["Neem:Auth:Audience"] ?? "neem-platform" };
        }

        return feeds with
        {
            DevelopmentSigningKey = configuration["Neem:Auth:DevelopmentSigningKey"] ?? ReadOrCreate(Path.Combine(directory, "development-signing.key"))
        };
    }

    private static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }

    /// <summary>
    /// The portal's sign-in: the organisation's issuer (with the portal's client id and secret, <c>Neem:Portal:ClientId</c>,
    /// <c>Neem:Portal:ClientSecret</c>), or in Development the local sign-in page that asks the development issuer for tokens.
    /// </summary>
    public IEnumerable<(string Name, string Value)> PortalEnvironment(IConfiguration configuration)
    {
        if (Authority is not null)
        {
            yield return ("Neem__Auth__Authority", Authority);
            yield return ("Neem__Auth__Audience", Audience!);
            yield return ("Neem__Auth__ClientId", configuration["Neem:Portal:ClientId"] ?? "neem-portal");
            if (configuration["Neem:Portal:ClientSecret"] is { Length: > 0 } secret)
            {
                yield return ("Neem__Auth__ClientSecret", secret);
            }
        }
        else
        {
            yield return ("Neem__Auth__DevelopmentIssuer", "true");
        }
    }

    /// <summary>The environment every service gets (the identity key only where it is used).</summary>
    public IEnumerable<(string Name, string Value)> EnvironmentFor(string service)
    {
        if (Authority is not null)
        {
            yield return ("Neem__Auth__Authority", Authority);
            yield return ("Neem__Auth__Audience", Audience!);
        }
        else
        {
            yield return ("Neem__Auth__DevelopmentSigningKey", DevelopmentSigningKey!);
            yield return ("Neem__Auth__DevelopmentIssuer", "true");
        }

        if (service == "participant")
        {
            yield return ("Neem__Participant__IdentityKey", IdentityKey);
        }

        if (service == "lending")
        {
            yield return ("Neem__Lending__StatementKey", StatementKey);
        }

        if (service == "impact")
        {
            yield return ("Neem__Impact__FeedSecret", FeedSecret);
            yield return ("Neem__Impact__FeedConsumers__research", ResearchFeedKey);
        }
    }
}
