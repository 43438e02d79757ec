namespace NeemPlatform.AppHost;

/// <summary>
/// The four services and their fixed local ports (from each service's launch profile). <see cref="AddAs"/> adds one under another
/// resource name (stockholm-participant) when the whole programme runs on one machine.
/// </summary>
internal sealed record NeemServices(string Name, int Port, Func<IDistributedApplicationBuilder, string, IResourceBuilder<ProjectResource>> AddAs)
{
    public static readonly IReadOnlyList<NeemServices> All =
    [
        new("participant", 5101, (b, name) => WithGeneratedCode(b, b.AddProject<Projects.NeemPlatform_Participant>(name))),
        new("coaching", 5102, (b, name) => WithGeneratedCode(b, b.AddProject<Projects.NeemPlatform_Coaching>(name))),
        new("lending", 5103, (b, name) => WithGeneratedCode(b, b.AddProject<Projects.NeemPlatform_Lending>(name))),
        new("impact", 5104, (b, name) => WithGeneratedCode(b, b.AddProject<Projects.NeemPlatform_Impact>(name))),
    ];

    /// <summary>
    /// The services the AppHost starts run the handler code generated ahead of time (services/domain/&lt;Service&gt;/Internal/Generated,
    /// kept current by .ci/codegen and a test), whatever their environment: about 2 s to start and 170 MiB each instead of 4–7 s
    /// and 400 MiB. <c>--Neem:CodeGeneration:TypeLoadMode=Dynamic</c> generates it at start instead (a handler changed and not yet written).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGeneratedCode(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment("Neem__CodeGeneration__TypeLoadMode", builder.Configuration["Neem:CodeGeneration:TypeLoadMode"] ?? "Static");

    public IResourceBuilder<ProjectResource> Add(IDistributedApplicationBuilder builder) => AddAs(builder, Name);

    /// <summary>Its port on a platform whose ports start at <paramref name="portBase"/> (5100: the portal; 5101–5104: the services).</summary>
    public int PortAt(int portBase) => Port - PlatformSettings.DefaultPortBase + portBase;
}
