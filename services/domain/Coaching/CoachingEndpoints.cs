namespace NeemPlatform.Coaching;

/// <summary>The tag and authorization policy of each folder's endpoints; an endpoint that differs says so itself.</summary>
public static class CoachingEndpoints
{
    public static readonly EndpointGroups Groups = new EndpointGroups(typeof(CoachingEndpoints).Namespace!)
        .Add("BusinessPlans", "Business plan", NeemPolicies.ParticipantWork)
        .Add("Curriculum", "Curriculum", NeemPolicies.ParticipantWork)
        .Add("Enrolments", "Progress", NeemPolicies.ParticipantWork)
        .Add("Enrolments.Advising", "Enrolments", NeemPolicies.ParticipantWork)
        .Add("Enrolments.Completing", "Enrolments", NeemPolicies.ParticipantWork)
        .Add("Enrolments.Checklists", "Checklists", NeemPolicies.ParticipantWork)
        .Add("Sessions", "Sessions", NeemPolicies.ParticipantWork);
}
