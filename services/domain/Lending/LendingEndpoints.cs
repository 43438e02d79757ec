namespace NeemPlatform.Lending;

/// <summary>The tag and authorization policy of each folder's endpoints; an endpoint that differs says so itself.</summary>
public static class LendingEndpoints
{
    public static readonly EndpointGroups Groups = new EndpointGroups(typeof(LendingEndpoints).Namespace!)
        .Add("CreditFiles", "Credit files", NeemPolicies.Lending)
        .Add("Loans", "Loans", NeemPolicies.Lending)
        .Add("Loans.Arrears", "Arrears and portfolio", NeemPolicies.Lending)
        .Add("Loans.Contacting", "Arrears and portfolio", NeemPolicies.Lending)
        .Add("Loans.Reminding", "Repayments", NeemPolicies.Lending)
        .Add("Loans.Repaying", "Repayments", NeemPolicies.Lending)
        .Add("Loans.RepayingEarly", "Repayments", NeemPolicies.Lending)
        .Add("Loans.Rescheduling", "Rescheduling and write-off", NeemPolicies.Lending)
        .Add("Loans.WritingOff", "Rescheduling and write-off", NeemPolicies.Lending)
        .Add("Products", "Loan products", NeemPolicies.Lending)
        .Add("Statements", "Credit history", NeemPolicies.Lending);
}
