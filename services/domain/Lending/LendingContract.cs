using NeemPlatform.Lending.Loans.Repaying;
using NeemPlatform.Lending.Loans.Rescheduling;
using NeemPlatform.Lending.Loans.WritingOff;

namespace NeemPlatform.Lending;

/// <summary>The closed sets of values the Lending validators accept, said in the API document from the same vocabularies.</summary>
public static class LendingContract
{
    public static ApiSchemaFacts Facts() => new ApiSchemaFacts()
        .For<DefineProduct>(new Dictionary<string, FieldFacts>
        {
            ["amortisation"] = new("How the instalments are computed.", Amortisation.All),
            ["graceType"] = new("What is paid during a grace period.", GraceType.All),
            ["arrearsOnReschedule"] = new("What a rescheduling does with the arrears.", ArrearsRule.All)
        })
        .For<RecordRepayment>(new Dictionary<string, FieldFacts>
        {
            ["excess"] = new("What a payment beyond what is due does.", Ledger.ExcessModes)
        })
        .For<RequestReschedule>(new Dictionary<string, FieldFacts> { ["reason"] = new(null, RescheduleDecisions.Reasons) })
        .For<ProposeWriteOff>(new Dictionary<string, FieldFacts> { ["reason"] = new(null, WriteOffDecisions.Reasons) })
        .For<Loans.Contacting.RecordContact>(new Dictionary<string, FieldFacts>
        {
            ["channel"] = new("How she was contacted.", Loans.Contacting.RecordContactEndpoint.Channels),
            ["outcome"] = new("What came of it; promise-to-pay comes with the date she promised.", Loans.Contacting.RecordContactEndpoint.Outcomes)
        })
        .For<RejectLoan>(new Dictionary<string, FieldFacts> { ["reason"] = new(null, LoanDecisions.RejectionReasons) })
        .For<Statements.IssueStatement>(new Dictionary<string, FieldFacts>
        {
            ["language"] = new("sv (the default) or en, on her request.", Statements.StatementLanguage.All)
        });
}
