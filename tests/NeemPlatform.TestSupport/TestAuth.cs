namespace NeemPlatform.TestSupport;

/// <summary>The secrets every service under test runs with, and staff tokens from the development issuer.</summary>
public static class TestAuth
{
    /// <summary>The development issuer's key in tests.</summary>
    public const string SigningKey = "neem-tests-development-signing-key-0123456789";

    /// <summary>The identity-number hash key in tests (base64 of 32 bytes).</summary>
    public static readonly string IdentityKey = Convert.ToBase64String(
        System.Text.Encoding.ASCII.GetBytes("neem-tests-identity-key-32-bytes"));

    /// <summary>A staff token from the development issuer, as <c>POST /dev/tokens</c> would give.</summary>
    public static string TokenFor(string role, string region, string subject = "staff-1", string? name = null) =>
        NeemPlatform.Hosting.DevelopmentTokens.Issue(SigningKey, subject, role, region, DateTimeOffset.UtcNow, name: name);
}
