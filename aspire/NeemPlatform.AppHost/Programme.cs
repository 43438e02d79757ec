namespace NeemPlatform.AppHost;

/// <summary>
/// The whole programme on one machine (<c>Neem:Programme=true</c>): the three regional platforms, each with its four services and
/// its portal on its own ports (Stockholm 5100–5104, Västerås 5200–5204, Örebro 5300–5304), the national view (Impact with
/// <c>Neem:Region=national</c>, 5404) reading the three regions' MIS feeds with the steering group's portal beside it (5400), and
/// the partner gateway (5405), one address for
/// partners with national reach. One PostgreSQL server holds a database per instance; each instance has its own secrets.
/// </summary>
internal static class Programme
{
    public static readonly IReadOnlyList<(string Region, int PortBase)> Regions = [("stockholm", 5100), ("vasteras", 5200), ("orebro", 5300)];

    public const int NationalPortBase = 5400;
    public const int NationalImpactPort = NationalPortBase + 4;
    public const int GatewayPort = NationalPortBase + 5;

    public static readonly IReadOnlyList<string> Instances = [.. Regions.Select(r => r.Region), "national"];

    /// <summary>The file the partner gateway reads its national partners from (written by an administrator, or the demo data).</summary>
    public static string GatewayPartnersFile(PlatformSettings settings) =>
        Path.Combine(PlatformSecrets.DirectoryOf(settings, "gateway"), "partners.json");

    public static void Add(IDistributedApplicationBuilder builder, PlatformSettings settings, NeemDatabase database, string environment,
        bool development, Action<IResourceBuilder<ProjectResource>> prepare)
    {
        var nationalFeeds = new List<(string Name, string Value)>();
        var gatewayRegions = new List<(string Name, string Value)>();
        foreach (var (region, portBase) in Regions)
        {
            var secrets = PlatformSecrets.Read(builder.Configuration, PlatformSecrets.DirectoryOf(settings, region), development);
            var services = new List<IResourceBuilder<ProjectResource>>();
            foreach (var service in NeemServices.All)
            {
                var project = database.AttachInstance(service.AddAs(builder, $"{region}-{service.Name}"), region)
                    .WithEnvironment("Neem__Region", region)
                    .WithEndpoint("http", endpoint => endpoint.Port = service.PortAt(portBase));
                prepare(project);
                foreach (var (name, value) in secrets.EnvironmentFor(service.Name))
                {
                    project.WithEnvironment(name, value);
                }

                if (service.Name == "participant")
                {
                    var portalUrl = $"http://localhost:{portBase}"; // where the links in messages to her point
                    project.WithEnvironment("Neem__Portal__PublicUrl", portalUrl);
                }

                if (service.Name == "impact")
                {
                    project.WithEnvironment("Neem__Impact__FeedConsumers__national", secrets.NationalFeedKey);
                    foreach (var (name, value) in PlatformSettings.TargetsEnvironment(builder.Configuration))
                    {
                        project.WithEnvironment(name, value);
                    }
                }

                services.Add(project);
            }

            var portal = builder.AddProject<Projects.NeemPlatform_Portal>($"{region}-portal")
                .WithEnvironment("Neem__Region", region)
                .WithEndpoint("http", endpoint => endpoint.Port = portBase);
            prepare(portal);
            foreach (var (name, value) in secrets.PortalEnvironment(builder.Configuration))
            {
                portal.WithEnvironment(name, value);
            }

            foreach (var (service, project) in NeemServices.All.Zip(services))
            {
                // The portal finds its region's services by name (http://participant); here they have the region in theirs.
                var address = $"http://localhost:{service.PortAt(portBase)}";
                portal.WithEnvironment($"Services__{service.Name}", address).WaitFor(project);
            }

            nationalFeeds.Add(($"Neem__National__Regions__{region}__Url", $"http://localhost:{portBase + 4}"));
            nationalFeeds.Add(($"Neem__National__Regions__{region}__Key", secrets.NationalFeedKey));
            gatewayRegions.Add(($"Neem__Gateway__Regions__{region}__Url", $"http://localhost:{portBase + 1}"));
        }

        var nationalSecrets = PlatformSecrets.Read(builder.Configuration, PlatformSecrets.DirectoryOf(settings, "national"), development);
        var national = NationalInstance.AddImpact(builder, "national-impact", database, NationalImpactPort, nationalSecrets, prepare);
        foreach (var (name, value) in nationalFeeds)
        {
            national.WithEnvironment(name, value);
        }

        NationalInstance.AddPortal(builder, "national-portal", national, NationalPortBase, nationalSecrets, prepare);

        var gateway = builder.AddProject<Projects.NeemPlatform_PartnerGateway>("partner-gateway")
            .WithEnvironment("Neem__Region", "national")
            .WithEnvironment("Neem__Gateway__PartnersFile", GatewayPartnersFile(settings))
            .WithEndpoint("http", endpoint => endpoint.Port = GatewayPort);
        prepare(gateway);
        foreach (var (name, value) in gatewayRegions)
        {
            gateway.WithEnvironment(name, value);
        }
    }
}
