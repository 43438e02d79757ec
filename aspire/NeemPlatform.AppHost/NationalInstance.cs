namespace NeemPlatform.AppHost;

/// <summary>
/// The national view on its own machine (<c>Neem:Region=national</c>): Impact in national mode, reading the regions' MIS feeds
/// (<c>Neem:National:Regions:&lt;region&gt;:Url</c> and <c>:Key</c>, passed through from the AppHost's configuration), and the
/// steering group's portal beside it (the portal on the port base, Impact on the port base + 4).
/// </summary>
internal static class NationalInstance
{
    public const string Region = "national";

    public static void Add(IDistributedApplicationBuilder builder, PlatformSettings settings, NeemDatabase database, PlatformSecrets secrets,
        Action<IResourceBuilder<ProjectResource>> prepare)
    {
        var sources = builder.Configuration.GetSection("Neem:National:Regions").GetChildren()
            .SelectMany(region => region.GetChildren().Select(setting => ($"Neem__National__Regions__{region.Key}__{setting.Key}", setting.Value ?? "")))
            .ToList();
        if (sources.Count == 0)
        {
            throw new PlatformConfigurationException(
                "The national view reads the regions' MIS feeds: give each region's Impact address and the national view's key there, " +
                "e.g. --Neem:National:Regions:stockholm:Url=https://impact.stockholm.example --Neem:National:Regions:stockholm:Key=<key>.");
        }

        var impact = AddImpact(builder, "impact", database, settings.PortBase + 4, secrets, prepare);
        foreach (var (name, value) in sources)
        {
            impact.WithEnvironment(name, value);
        }

        AddPortal(builder, "portal", impact, settings.PortBase, secrets, prepare);
    }

    /// <summary>Impact in national mode on the national database, pulling on the configured schedule (default every 30 s).</summary>
    public static IResourceBuilder<ProjectResource> AddImpact(IDistributedApplicationBuilder builder, string name, NeemDatabase database, int port,
        PlatformSecrets secrets, Action<IResourceBuilder<ProjectResource>> prepare)
    {
        var national = database.AttachInstance(NeemServices.WithGeneratedCode(builder, builder.AddProject<Projects.NeemPlatform_Impact>(name)), Region)
            .WithEnvironment("Neem__Region", Region)
            .WithEnvironment("Neem__National__PullSeconds", builder.Configuration["Neem:National:PullSeconds"] ?? "30")
            .WithEndpoint("http", endpoint => endpoint.Port = port);
        prepare(national);
        foreach (var (variable, value) in secrets.EnvironmentFor("impact").Concat(PlatformSettings.TargetsEnvironment(builder.Configuration)))
        {
            national.WithEnvironment(variable, value);
        }

        return national;
    }

    /// <summary>The national portal: the steering group's and the region managers' national figures, from the national Impact alone.</summary>
    public static void AddPortal(IDistributedApplicationBuilder builder, string name, IResourceBuilder<ProjectResource> impact, int port,
        PlatformSecrets secrets, Action<IResourceBuilder<ProjectResource>> prepare)
    {
        var portal = builder.AddProject<Projects.NeemPlatform_Portal>(name)
            .WithEnvironment("Neem__Region", Region)
            .WithEnvironment("Services__impact", impact.GetEndpoint("http"))
            .WithEndpoint("http", endpoint => endpoint.Port = port)
            .WaitFor(impact);
        prepare(portal);
        foreach (var (variable, value) in secrets.PortalEnvironment(builder.Configuration))
        {
            portal.WithEnvironment(variable, value);
        }
    }
}
