using Microsoft.Extensions.Configuration;

namespace NeemPlatform.AppHost;

public enum PostgresMode
{
    Auto,
    Local,
    Container,
    External
}

/// <summary>
/// The AppHost's configuration (appsettings.json, environment variables such as <c>Postgres__Mode</c>, or
/// command-line arguments such as <c>--Postgres:Mode local</c>).
/// </summary>
public sealed record PlatformSettings(
    string Region,
    PostgresMode Mode,
    int Port,
    string? DataDirectory,
    string? BinDirectory,
    string? RunAsUser,
    string? ExternalConnectionString,
    int PortBase = PlatformSettings.DefaultPortBase,
    bool Programme = false)
{
    public const int DefaultPortBase = 5100;

    /// <summary>The programme on one machine: its directory beside the regions' (<c>programme</c>).</summary>
    public const string ProgrammeName = "programme";

    /// <summary>The name of what this run serves: a region, or the whole programme.</summary>
    public string InstanceName => Programme ? ProgrammeName : Region;

    public static readonly string[] Regions = ["stockholm", "vasteras", "orebro"];

    public static (string[] Args, bool Headless) TakeHeadlessSwitch(string[] args)
    {
        var headless = args.Contains("--headless", StringComparer.OrdinalIgnoreCase)
                       || Environment.GetEnvironmentVariable("NEEM_HEADLESS") is "1" or "true" or "True";
        return (args.Where(a => !string.Equals(a, "--headless", StringComparison.OrdinalIgnoreCase)).ToArray(), headless);
    }

    public static PlatformSettings Read(IConfiguration configuration)
    {
        var region = configuration["Neem:Region"] ?? "stockholm";
        if (!Regions.Contains(region) && region != NationalInstance.Region)
        {
            throw new PlatformConfigurationException(
                $"Neem:Region '{region}' is not a regional platform. Use one of: {string.Join(", ", Regions)}, or national for the national view.");
        }

        var modeText = configuration["Postgres:Mode"] ?? "auto";
        if (!Enum.TryParse<PostgresMode>(modeText, ignoreCase: true, out var mode))
        {
            throw new PlatformConfigurationException(
                $"Postgres:Mode '{modeText}' is unknown. Use auto, local, container or external.");
        }

        var portText = configuration["Postgres:Port"] ?? "55432";
        if (!int.TryParse(portText, out var port) || port is < 1024 or > 65535)
        {
            throw new PlatformConfigurationException($"Postgres:Port '{portText}' must be a port number from 1024 to 65535.");
        }

        var baseText = configuration["Neem:PortBase"] ?? DefaultPortBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!int.TryParse(baseText, out var portBase) || portBase is < 1024 or > 65000 || portBase % 100 != 0)
        {
            throw new PlatformConfigurationException($"Neem:PortBase '{baseText}' must be a multiple of 100 from 1100 to 65000.");
        }

        var programmeText = configuration["Neem:Programme"] ?? "false";
        if (!bool.TryParse(programmeText, out var programme))
        {
            throw new PlatformConfigurationException($"Neem:Programme '{programmeText}' must be true or false.");
        }

        return new PlatformSettings(
            region,
            mode,
            port,
            Blank(configuration["Postgres:DataDirectory"]),
            Blank(configuration["Postgres:BinDirectory"]),
            Blank(configuration["Postgres:RunAsUser"]),
            Blank(configuration["ConnectionStrings:neem"]),
            portBase,
            programme);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// Every <c>Neem:Targets</c> and <c>Neem:CoFinancing</c> setting the AppHost was given (the programme's targets, the funders'
    /// co-financing rates), as the Impact service's environment (<c>Neem__Targets__…</c>).
    /// </summary>
    public static IEnumerable<(string Name, string Value)> TargetsEnvironment(IConfiguration configuration) =>
        configuration.GetSection("Neem:Targets").AsEnumerable(makePathsRelative: false)
            .Concat(configuration.GetSection("Neem:CoFinancing").AsEnumerable(makePathsRelative: false))
            .Where(kv => kv.Value is not null)
            .Select(kv => (kv.Key.Replace(":", "__", StringComparison.Ordinal), kv.Value!));
}

public sealed class PlatformConfigurationException(string message) : Exception(message);
