using NeemPlatform.Coaching.Enrolments.Completing;
using NeemPlatform.Coaching.Sessions;

namespace NeemPlatform.Coaching;

/// <summary>The closed sets of values the Coaching validators accept, said in the API document from the same vocabularies.</summary>
public static class CoachingContract
{
    public static ApiSchemaFacts Facts() => new ApiSchemaFacts()
        .For<ScheduleSession>(new Dictionary<string, FieldFacts> { ["kind"] = new("What kind of session.", SessionEndpoints.Kinds) })
        .For<DropOut>(new Dictionary<string, FieldFacts> { ["reason"] = new("Why she left the coaching.", DropOutEndpoint.Reasons) })
        .For<DraftBusinessPlan>(new Dictionary<string, FieldFacts> { ["companyForm"] = new("The planned company form.", PlanFigures.CompanyForms) });
}
