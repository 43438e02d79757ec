namespace NeemPlatform.Participant.Participants.FollowingUp;

/// <summary>A question's words in Swedish, English and plain Swedish (lättläst: short words, one thing per sentence).</summary>
public sealed record Words(string Sv, string En, string SvPlain);

/// <summary>One answer a question offers: its code (what is stored) and its words.</summary>
public sealed record AnswerOption(string Code, Words Text);

/// <summary>
/// One question of the follow-up questionnaire. <see cref="Field"/> names the answer's member (status, or a member of the
/// answers); <see cref="Kind"/> is one-of or many-of; <see cref="AskedWhen"/>, when set, names the field and the codes that
/// make the question apply ("status:own-company" asks about her company only when she runs one).
/// </summary>
public sealed record Question(string Field, string Kind, Words Text, IReadOnlyList<AnswerOption> Options, string? AskedWhen = null);

/// <summary>A version of the follow-up questionnaire: answers always say which version they answer.</summary>
public sealed record Questionnaire(int Version, Words Title, Words Introduction, IReadOnlyList<Question> Questions);

/// <summary>
/// The follow-up questionnaire at exit, six and twelve months after she left. Every answer is a code, so that nothing she
/// or an advisor types can identify her in an event or a message. A change of questions is a new version; answers keep
/// the version they answered.
/// </summary>
public static class FollowUpQuestionnaire
{
    public const int Current = 1;

    public static readonly IReadOnlyList<string> TurnoverBands = ["none", "under-100k", "100k-500k", "500k-1m", "over-1m"];
    public static readonly IReadOnlyList<string> EmployeeBands = ["none", "one", "two-to-four", "five-or-more"];
    public static readonly IReadOnlyList<string> IncomeBands = ["none", "under-10k", "10k-20k", "20k-30k", "over-30k", "not-said"];
    public static readonly IReadOnlyList<string> Financiers = ["almi", "bank", "nyforetagarcentrum", "other"];

    /// <summary>The statuses she can give herself (the advisor may also record no-answer, which is no status of hers).</summary>
    public static IReadOnlyList<string> Statuses => Vocabulary.FollowUpStatuses.Where(s => s != Vocabulary.NoAnswer).ToList();

    private static AnswerOption O(string code, string sv, string en, string plain) => new(code, new Words(sv, en, plain));

    private static readonly AnswerOption[] YesNo = [O("yes", "Ja", "Yes", "Ja"), O("no", "Nej", "No", "Nej")];

    public static readonly Questionnaire Version1 = new(1,
        new Words("Uppföljning", "Follow-up", "Hur går det för dig?"),
        new Words(
            "Vi vill veta hur det går för dig efter programmet. Svaren hjälper oss att göra programmet bättre. Dina svar sparas utan ditt namn i vår statistik.",
            "We would like to know how you are doing after the programme. Your answers help us make the programme better. Your answers go into our statistics without your name.",
            "Vi vill veta hur det går för dig nu. Svara på frågorna. Det tar fem minuter. Ditt namn finns inte med i vår statistik."),
        [
            new Question("status", "one-of", new Words("Vad gör du nu, mest?", "What do you mostly do now?", "Vad gör du nu?"),
            [
                O("employment", "Jag har en anställning", "I am employed", "Jag har ett jobb"),
                O("own-company", "Jag driver eget företag", "I run my own company", "Jag har ett eget företag"),
                O("studies", "Jag studerar", "I study", "Jag studerar"),
                O("internship", "Jag gör praktik", "I am on an internship", "Jag gör praktik"),
                O("job-seeking", "Jag söker arbete", "I am looking for work", "Jag söker jobb"),
                O("other", "Något annat", "Something else", "Något annat")
            ]),
            new Question("companyTrading", "one-of",
                new Words("Är ditt företag i gång och säljer?", "Is your company trading?", "Säljer ditt företag något nu?"), YesNo, "status:own-company"),
            new Question("turnover", "one-of",
                new Words("Hur mycket sålde företaget för det senaste året?", "What was the company's turnover in the last year?",
                    "Hur mycket pengar fick företaget in det senaste året?"),
            [
                O("none", "Ingenting ännu", "Nothing yet", "Inga pengar ännu"),
                O("under-100k", "Under 100 000 kr", "Under SEK 100,000", "Mindre än 100 000 kronor"),
                O("100k-500k", "100 000–500 000 kr", "SEK 100,000–500,000", "Mellan 100 000 och 500 000 kronor"),
                O("500k-1m", "500 000–1 miljon kr", "SEK 500,000–1 million", "Mellan 500 000 kronor och 1 miljon"),
                O("over-1m", "Över 1 miljon kr", "Over SEK 1 million", "Mer än 1 miljon kronor")
            ], "status:own-company"),
            new Question("employees", "one-of",
                new Words("Hur många arbetar i företaget, förutom du?", "How many people work in the company besides you?",
                    "Hur många jobbar i företaget? Räkna inte dig själv."),
            [
                O("none", "Ingen", "No one", "Ingen"),
                O("one", "En", "One", "En person"),
                O("two-to-four", "Två till fyra", "Two to four", "Två, tre eller fyra personer"),
                O("five-or-more", "Fem eller fler", "Five or more", "Fem eller fler personer")
            ], "status:own-company"),
            new Question("socialEnterprise", "one-of",
                new Words("Är företaget ett socialt företag?", "Is it a social enterprise?", "Är det ett socialt företag?"), YesNo, "status:own-company"),
            new Question("outsideFinancing", "one-of",
                new Words("Har du fått lån eller annan finansiering utanför programmet?", "Have you obtained a loan or other financing outside the programme?",
                    "Har du fått lån eller pengar från någon annan än oss?"), YesNo),
            new Question("financiers", "many-of", new Words("Från vem?", "From whom?", "Från vem?"),
            [
                O("almi", "Almi", "Almi", "Almi"),
                O("bank", "En bank", "A bank", "En bank"),
                O("nyforetagarcentrum", "Nyföretagarcentrum", "Nyföretagarcentrum", "Nyföretagarcentrum"),
                O("other", "Någon annan", "Someone else", "Någon annan")
            ], "outsideFinancing:yes"),
            new Question("income", "one-of",
                new Words("Ungefär hur mycket tjänar du i månaden före skatt?", "Roughly what do you earn a month before tax?",
                    "Hur mycket pengar tjänar du på en månad? Före skatt."),
            [
                O("none", "Ingenting", "Nothing", "Inga pengar"),
                O("under-10k", "Under 10 000 kr", "Under SEK 10,000", "Mindre än 10 000 kronor"),
                O("10k-20k", "10 000–20 000 kr", "SEK 10,000–20,000", "Mellan 10 000 och 20 000 kronor"),
                O("20k-30k", "20 000–30 000 kr", "SEK 20,000–30,000", "Mellan 20 000 och 30 000 kronor"),
                O("over-30k", "Över 30 000 kr", "Over SEK 30,000", "Mer än 30 000 kronor"),
                O("not-said", "Vill inte svara", "I prefer not to say", "Jag vill inte svara")
            ]),
            new Question("selfAssessment", "one-of",
                new Words("Hur nära är du det du ville nå när du började?", "How close are you to where you wanted to be when you started?",
                    "Har du kommit dit du ville?"),
            [
                O("1", "1 – långt ifrån", "1 – far from it", "1 – Nej, inte alls"),
                O("2", "2", "2", "2"),
                O("3", "3 – halvvägs", "3 – halfway", "3 – Halvvägs"),
                O("4", "4", "4", "4"),
                O("5", "5 – där jag ville", "5 – where I wanted to be", "5 – Ja, jag är där")
            ])
        ]);

    /// <summary>The answers' rules: every band from its list, company questions only about her company, financiers only with financing.</summary>
    public static Validation Check(this Validation v, string? status, FollowUpAnswers? answers, string prefix = "answers")
    {
        if (answers is null)
        {
            return v;
        }

        var company = status == "own-company";
        return v
            .Require(answers.QuestionnaireVersion == Current, $"{prefix}.questionnaireVersion", $"The questionnaire's version: {Current}.")
            .Require(answers.Turnover is null || TurnoverBands.Contains(answers.Turnover), $"{prefix}.turnover", $"One of: {string.Join(", ", TurnoverBands)}.")
            .Require(answers.Employees is null || EmployeeBands.Contains(answers.Employees), $"{prefix}.employees", $"One of: {string.Join(", ", EmployeeBands)}.")
            .Require(answers.Income is null || IncomeBands.Contains(answers.Income), $"{prefix}.income", $"One of: {string.Join(", ", IncomeBands)}.")
            .Require(answers.SelfAssessment is null or (>= 1 and <= 5), $"{prefix}.selfAssessment", "From 1 to 5.")
            .Require(company || (answers.CompanyTrading, answers.Turnover, answers.Employees, answers.SocialEnterprise) == (null, null, null, null),
                $"{prefix}.companyTrading", "The questions about her company are answered only when she runs one (status own-company).")
            .Require(answers.Financiers is null || (answers.OutsideFinancing == true && answers.Financiers.Count is >= 1 and <= 4
                                                    && answers.Financiers.All(f => Financiers.Contains(f)) && answers.Financiers.Distinct().Count() == answers.Financiers.Count),
                $"{prefix}.financiers", $"Only with outsideFinancing true: each of {string.Join(", ", Financiers)} at most once.")
            .Require(status != Vocabulary.NoAnswer, "status", "No answer has no answers: leave the answers out.");
    }

    /// <summary>The answers as stored: financiers in the questionnaire's order, so that the same answers compare equal.</summary>
    public static FollowUpAnswers? Normalised(FollowUpAnswers? answers) =>
        answers is null ? null : answers with { Financiers = answers.Financiers is { } f ? Financiers.Where(f.Contains).ToList() : null };

    public static bool Same(FollowUpAnswers? a, FollowUpAnswers? b) =>
        a is null || b is null ? a is null && b is null
            : a with { Financiers = null } == b with { Financiers = null } && (a.Financiers ?? []).SequenceEqual(b.Financiers ?? []);
}
