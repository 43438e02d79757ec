namespace NeemPlatform.AppHost;

/// <summary>The four services and their fixed local ports (from each service's launch profile).</summary>
internal sealed record NeemServices(string Name, int Port, Func<IDistributedApplicationBuilder, IResourceBuilder<ProjectResource>> Add)
{
    public static readonly IReadOnlyList<NeemServices> All =
    [
        new("participant", 5101, b => b.AddProject<Projects.NeemPlatform_Participant>("participant")),
        new("coaching", 5102, b => b.AddProject<Projects.NeemPlatform_Coaching>("coaching")),
        new("lending", 5103, b => b.AddProject<Projects.NeemPlatform_Lending>("lending")),
        new("impact", 5104, b => b.AddProject<Projects.NeemPlatform_Impact>("impact")),
    ];
}
