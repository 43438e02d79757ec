namespace NeemPlatform.Impact;

/// <summary>The tag and authorization policy of each folder's endpoints; an endpoint that differs says so itself.</summary>
public static class ImpactEndpoints
{
    public static readonly EndpointGroups Groups = new EndpointGroups(typeof(ImpactEndpoints).Namespace!)
        .Add("Feed", "Feed consumers", NeemPolicies.Administration)
        // Her history under her real id: the staff who work with her, never the researcher (whose exports are pseudonymised).
        .Add("History", "MIS history", NeemPolicies.ParticipantWork)
        .Add("Indicators", "Indicators", NeemPolicies.Indicators)
        .Add("Replaying", "Replay", NeemPolicies.Research)
        .Add("Reports", "Reports", NeemPolicies.ProgrammeManagement)
        .Add("Research", "Research", NeemPolicies.Research);
}
