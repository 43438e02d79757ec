using Microsoft.Extensions.Hosting;
using NeemPlatform.AppHost;

// One command runs a regional instance: PostgreSQL, the four services and the staff portal.
//   dotnet run --project aspire/NeemPlatform.AppHost                 (dashboard on http://localhost:18888)
//   dotnet run --project aspire/NeemPlatform.AppHost -- --headless    (no dashboard: servers, terminals)
//   dotnet run --project aspire/NeemPlatform.AppHost -- --Neem:Programme=true   (the three regions, the national view
//                                                                                 and its portal, and the partner gateway on one machine)
//   dotnet run --project aspire/NeemPlatform.AppHost -- --Neem:Region=national --Neem:National:Regions:stockholm:Url=… …:Key=…
//                                                                                (the national view and its portal alone)
var (appArgs, headless) = PlatformSettings.TakeHeadlessSwitch(args);

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = appArgs,
    DisableDashboard = headless,
    AllowUnsecuredTransport = true
});

PlatformSettings settings;
PlatformSecrets secrets;
try
{
    settings = PlatformSettings.Read(builder.Configuration);
    secrets = PlatformSecrets.Read(builder.Configuration, settings, builder.Environment.IsDevelopment());
}
catch (PlatformConfigurationException e)
{
    Console.Error.WriteLine($"neem: {e.Message}");
    return 2;
}

ServiceWatch.AddTo(builder);

var database = builder.AddNeemDatabase(settings,
    settings.Programme ? Programme.Instances : settings.Region == NationalInstance.Region ? [NationalInstance.Region] : null);
// The services run in the AppHost's environment, never in their launch profile's (which says Development).
var environment = builder.Environment.EnvironmentName;

if (settings.Programme)
{
    Programme.Add(builder, settings, database, environment, builder.Environment.IsDevelopment(), project =>
    {
        project.WithEnvironment("ASPNETCORE_ENVIRONMENT", environment).WithEnvironment("DOTNET_ENVIRONMENT", environment);
        project.WithHttpHealthCheck("/health");
        WithoutDashboardNoTelemetryExport(project);
    });
    Console.WriteLine($"neem: the programme on one machine; the partner gateway reads its national partners from {Programme.GatewayPartnersFile(settings)}");
    builder.Build().Run();
    return 0;
}

if (settings.Region == NationalInstance.Region)
{
    try
    {
        NationalInstance.Add(builder, settings, database, secrets, project =>
        {
            project.WithEnvironment("ASPNETCORE_ENVIRONMENT", environment).WithEnvironment("DOTNET_ENVIRONMENT", environment);
            project.WithHttpHealthCheck("/health");
            WithoutDashboardNoTelemetryExport(project);
        });
    }
    catch (PlatformConfigurationException e)
    {
        Console.Error.WriteLine($"neem: {e.Message}");
        return 2;
    }

    builder.Build().Run();
    return 0;
}

var services = new List<IResourceBuilder<ProjectResource>>();
foreach (var service in NeemServices.All)
{
    var project = database.Attach(service.Add(builder))
        .WithEnvironment("Neem__Region", settings.Region)
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
        .WithEnvironment("DOTNET_ENVIRONMENT", environment)
        .WithHttpHealthCheck("/health");
    WithoutDashboardNoTelemetryExport(project);
    foreach (var (name, value) in secrets.EnvironmentFor(service.Name))
    {
        project.WithEnvironment(name, value);
    }

    if (service.Name == "impact")
    {
        // The programme's targets and milestones, when the AppHost is given them (--Neem:Targets:Periods:0:Name=… and so on).
        foreach (var (name, value) in PlatformSettings.TargetsEnvironment(builder.Configuration))
        {
            project.WithEnvironment(name, value);
        }
    }

    // Another region on the same machine: Neem:PortBase=5200 puts its services on 5201–5204.
    if (settings.PortBase != PlatformSettings.DefaultPortBase)
    {
        project.WithEndpoint("http", endpoint => endpoint.Port = service.Port - PlatformSettings.DefaultPortBase + settings.PortBase);
    }

    services.Add(project);
}

// The staff portal (http://localhost:5100): calls the four services server-side with the signed-in staff member's token.
var portal = builder.AddProject<Projects.NeemPlatform_Portal>("portal")
    .WithEnvironment("Neem__Region", settings.Region)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
    .WithEnvironment("DOTNET_ENVIRONMENT", environment)
    .WithHttpHealthCheck("/alive");
WithoutDashboardNoTelemetryExport(portal);
foreach (var (name, value) in secrets.PortalEnvironment(builder.Configuration))
{
    portal.WithEnvironment(name, value);
}

foreach (var service in services)
{
    portal.WithReference(service).WaitFor(service);
}

// The links in messages to participants (a follow-up's questionnaire) point at the portal she can reach.
services.Single(s => s.Resource.Name == "participant")
    .WithEnvironment("Neem__Portal__PublicUrl", builder.Configuration["Neem:Portal:PublicUrl"] ?? $"http://localhost:{settings.PortBase}");

if (settings.PortBase != PlatformSettings.DefaultPortBase)
{
    portal.WithEndpoint("http", endpoint => endpoint.Port = settings.PortBase);
}

builder.Build().Run();
return 0;

// Without the dashboard nothing listens at its telemetry address: the services export only to a collector the operator
// names in the AppHost's own OTEL_EXPORTER_OTLP_ENDPOINT (an empty value turns the exporter off).
void WithoutDashboardNoTelemetryExport(IResourceBuilder<ProjectResource> project)
{
    if (headless)
    {
        project.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") ?? "");
    }
}
