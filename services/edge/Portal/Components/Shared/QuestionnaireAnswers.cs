using NeemPlatform.Clients.Participant.Models;

namespace NeemPlatform.Portal.Components.Shared;

/// <summary>The follow-up questionnaire's answers as the service takes them, from the codes chosen on a page.</summary>
public static class QuestionnaireAnswers
{
    public static string Pick(Words? words, string language) =>
        (language switch { "en" => words?.En, "sv-plain" => words?.SvPlain, _ => words?.Sv }) ?? "";

    /// <summary>A question applies when the answer it depends on was given ("status:own-company").</summary>
    public static bool Asked(Question question, IReadOnlyDictionary<string, string> chosen) =>
        question.AskedWhen is not { Length: > 0 } when
        || (when.Split(':', 2) is [var field, var code] && chosen.GetValueOrDefault(field) == code);

    /// <summary>The answers to the questions that apply; a question not asked or left out is left out.</summary>
    public static FollowUpAnswers Build(Questionnaire questionnaire, IReadOnlyDictionary<string, string> chosen, IReadOnlyCollection<string> chosenMany)
    {
        var asked = (questionnaire.Questions ?? []).Where(q => Asked(q, chosen)).Select(q => q.Field).ToHashSet();
        string? Given(string field) => asked.Contains(field) ? chosen.GetValueOrDefault(field) : null;
        bool? Flag(string field) => Given(field) switch { "yes" => true, "no" => false, _ => null };
        return new FollowUpAnswers
        {
            QuestionnaireVersion = questionnaire.Version,
            CompanyTrading = Flag("companyTrading"),
            SocialEnterprise = Flag("socialEnterprise"),
            OutsideFinancing = Flag("outsideFinancing"),
            Financiers = asked.Contains("financiers") && chosenMany.Count > 0 ? chosenMany.Order(StringComparer.Ordinal).ToList() : null,
            Turnover = Given("turnover") is { } turnover ? ServiceClients.Parse(turnover, FollowUpAnswers_turnover.None) : null,
            Employees = Given("employees") is { } employees ? ServiceClients.Parse(employees, FollowUpAnswers_employees.None) : null,
            Income = Given("income") is { } income ? ServiceClients.Parse(income, FollowUpAnswers_income.NotSaid) : null,
            SelfAssessment = int.TryParse(Given("selfAssessment"), out var self) ? self : null
        };
    }
}
