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
    public static PlatformSecrets Read(IConfiguration configuration, PlatformSettings settings, bool development)
    {
        if (!development && string.IsNullOrWhiteSpace(configuration["Neem:Auth:Authority"]))
        {
            // The development issuer hands administrator tokens to anyone who reaches a port: never outside Development.
            throw new PlatformConfigurationException(
                "Outside the Development environment the platform needs Neem:Auth:Authority (and Neem:Auth:Audience): your " +
                "organisation's OpenID Connect issuer. Set Neem__Auth__Authority, or run with DOTNET_ENVIRONMENT=Development for a local trial.");
        }

        var directory = settings.DataDirectory is not null
            ? Path.GetFullPath(settings.DataDirectory)
            : LocalPostgres.DefaultBaseDirectory(settings.Region);
        var identityKey = configuration["Neem:Participant:IdentityKey"] ?? ReadOrCreate(Path.Combine(directory, "identity.key"));
        var statementKey = configuration["Neem:Lending:StatementKey"] ?? ReadOrCreate(Path.Combine(directory, "statement.key"));
        var authority = configuration["Neem:Auth:Authority"];
        if (!string.IsNullOrWhiteSpace(authority))
        {
            return new PlatformSecrets(identityKey, statementKey, authority, configuration["Neem:Auth:Audience"] ?? "neem-platform", null);
        }

        var signingKey = configuration["Neem:Auth:DevelopmentSigningKey"]
                         ?? ReadOrCreate(Path.Combine(directory, "development-signing.key"));
        return new PlatformSecrets(identityKey, statementKey, null, null, signingKey);
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
    }
}
