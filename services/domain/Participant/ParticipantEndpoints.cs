namespace NeemPlatform.Participant;

/// <summary>The tag and authorization policy of each folder's endpoints; an endpoint that differs says so itself.</summary>
public static class ParticipantEndpoints
{
    public static readonly EndpointGroups Groups = new EndpointGroups(typeof(ParticipantEndpoints).Namespace!)
        .Add("Complaints", "Complaints", NeemPolicies.ParticipantWork)
        .Add("Messaging", "Messages", NeemPolicies.ParticipantWork)
        .Add("NetworkGroups", "Network groups", NeemPolicies.RegionManagement)
        .Add("Participants", "Participants", NeemPolicies.ParticipantWork)
        .Add("Participants.AssigningAdvisor", "Participants", NeemPolicies.RegionManagement)
        .Add("Participants.AuditingErasures", "Personal data", NeemPolicies.RevealAudit)
        .Add("Participants.AuditingReveals", "Personal data", NeemPolicies.RevealAudit)
        .Add("Participants.ClosingReferral", "Referrals", NeemPolicies.ParticipantWork)
        .Add("Participants.Deciding", "Selection", NeemPolicies.ParticipantWork)
        .Add("Participants.Erasing", "Personal data", NeemPolicies.RegionManagement)
        .Add("Participants.Exiting", "Outcomes", NeemPolicies.ParticipantWork)
        .Add("Participants.FollowingUp", "Outcomes", NeemPolicies.ParticipantWork)
        .Add("Participants.Interviewing", "Selection", NeemPolicies.ParticipantWork)
        .Add("Participants.NamingBorrowers", "Loans", NeemPolicies.Lending)
        .Add("Participants.RecordingOutcomes", "Outcomes", NeemPolicies.ParticipantWork)
        .Add("Participants.RevealingIdentityNumber", "Personal data", NeemPolicies.IdentityReveal)
        .Add("Partners", "Partners (administration)", NeemPolicies.Administration)
        .Add("Partners.Callbacks", "Status callbacks (partner API)", PartnerAuthentication.Policy)
        .Add("PersonalData", "Personal data", NeemPolicies.ParticipantWork)
        .Add("Referrals", "Referrals (partner API)", PartnerAuthentication.Policy)
        .Add("Referrals.Sandbox", "Sandbox (partner API)", PartnerAuthentication.Policy)
        .Add("Staff", "Staff", NeemPolicies.StaffDirectory)
        .Add("Workshops", "Selection", NeemPolicies.ParticipantWork);
}
