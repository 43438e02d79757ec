using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NeemPlatform.Lending.Statements;

/// <summary>
/// A credit-history statement as issued: the printable text, and the verification code a bank checks with
/// the statement number. It holds her name only if she asked for it to be shown; it is deleted on erasure.
/// </summary>
public sealed class CreditStatement
{
    public Guid Id { get; set; }
    public Guid ParticipantId { get; set; }
    public string Region { get; set; } = "";
    public DateOnly IssuedOn { get; set; }
    public string Text { get; set; } = "";
    public string VerificationCode { get; set; } = "";

    /// <summary>sv (the default since statements are printed for Swedish banks) or en; statements issued before carry en.</summary>
    public string Language { get; set; } = StatementLanguage.English;
}

/// <summary>The languages a statement is written in: Swedish by default, English on the holder's request.</summary>
public static class StatementLanguage
{
    public const string Swedish = "sv";
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [Swedish, English];
}

/// <summary><c>Neem:Lending:StatementKey</c>: the secret that makes verification codes unforgeable.</summary>
public sealed class StatementKey(byte[] secret)
{
    /// <summary>20 characters of base32 (100 bits) of an HMAC-SHA-256 over the statement number and its exact text.</summary>
    public string CodeFor(Guid statementId, string text)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{statementId:N}\n{text}"));
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var code = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            code.Append(alphabet[mac[i] % 32]);
        }

        return string.Join('-', Enumerable.Range(0, 5).Select(g => code.ToString(g * 4, 4)));
    }
}

/// <summary>Her request: optionally her name as she wants it shown (only then is it on the statement), in Swedish or English.</summary>
public sealed record IssueStatement(DateOnly IssuedOn, string? HolderNameToShow = null, string Language = StatementLanguage.Swedish);

/// <summary>
/// What a bank has on paper, in one of three ways: the statement's number and its code (the bank then gets the text we
/// issued, to compare with the paper); or the whole printed page as text (number and code are read from it); or the
/// number, the text and the code. A code is read as printed: dashes, spaces and letter case do not matter.
/// </summary>
public sealed record VerifyStatement(Guid? StatementId = null, string? Text = null, string? VerificationCode = null);

/// <summary>The answer; <see cref="IssuedText"/> is the statement as issued, given when number and code match.</summary>
public sealed record Verification(bool Genuine, string Detail, string? IssuedText = null);

public static class CreditStatementEndpoints
{
    private static string Sek(decimal amount, bool swedish) => swedish
        ? amount.ToString("#,##0.00", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal).Replace('.', ',') + " kr"
        : amount.ToString("#,##0.00", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal) + " SEK";

    /// <summary>
    /// The statement's text (pure): her loans and how she repaid them, nothing else about her, in Swedish (<c>sv</c>) or English
    /// (<c>en</c>). The second line starts with the word for statement and its number, whatever the language.
    /// </summary>
    public static string Compose(Guid statementId, IReadOnlyList<Loan> loans, DateOnly issuedOn, string region, string? holder,
        string language = StatementLanguage.Swedish)
    {
        var sv = language == StatementLanguage.Swedish;
        var text = new StringBuilder()
            .AppendLine(sv ? "NEEM Mikrofinans – kredithistorik" : "NEEM Mikrofinans – kredithistorik / credit history")
            .AppendLine(sv ? $"Intyg {statementId:N}, utfärdat {issuedOn:yyyy-MM-dd}, region {region}"
                : $"Statement {statementId:N}, issued {issuedOn:yyyy-MM-dd}, region {region}")
            .AppendLine(sv ? $"Innehavare: {holder ?? "(visas inte på innehavarens begäran)"}" : $"Holder: {holder ?? "(not shown at the holder's request)"}");
        var n = 0;
        foreach (var loan in loans.Where(l => l.DisbursedOn is not null).OrderBy(l => l.DisbursedOn))
        {
            var position = Ledger.PositionOn(loan, issuedOn);
            var ended = (loan.Status, sv) switch
            {
                (LoanStatus.Settled, true) => $"återbetalt i sin helhet {loan.SettledOn:yyyy-MM-dd}",
                (LoanStatus.Settled, false) => $"repaid in full on {loan.SettledOn:yyyy-MM-dd}",
                (LoanStatus.WrittenOff, true) => $"avskrivet {loan.WrittenOffOn:yyyy-MM-dd}",
                (LoanStatus.WrittenOff, false) => $"written off on {loan.WrittenOffOn:yyyy-MM-dd}",
                (_, true) => position.DaysPastDue > 0 ? $"löpande, {position.DaysPastDue} dagar efter förfallodagen" : "löpande, i tid",
                _ => position.DaysPastDue > 0 ? $"running, {position.DaysPastDue} days past due" : "running, up to date"
            };
            var due = position.InstalmentsPaidOnTime + position.InstalmentsPaidLate;
            text.AppendLine(sv
                    ? $"Lån {++n}: {Sek(loan.AmountSek, sv)} utbetalt {loan.DisbursedOn:yyyy-MM-dd}, {loan.CurrentSchedule.Count} månadsbetalningar"
                    : $"Loan {++n}: {Sek(loan.AmountSek, sv)} disbursed {loan.DisbursedOn:yyyy-MM-dd}, {loan.CurrentSchedule.Count} monthly instalments")
                .AppendLine(sv
                    ? $"  Förfallna betalningar: {due}, betalda i tid: {position.InstalmentsPaidOnTime}, sena eller obetalda: {position.InstalmentsPaidLate}, " +
                      $"längsta försening: {position.LongestDelayDays} dagar"
                    : $"  Instalments due: {due}, paid on time: {position.InstalmentsPaidOnTime}, late or unpaid: {position.InstalmentsPaidLate}, " +
                      $"longest delay: {position.LongestDelayDays} days")
                .AppendLine(sv
                    ? $"  Status: {ended}; utestående kapital {Sek(position.PrincipalOutstandingSek, sv)}"
                    : $"  Status: {ended}; outstanding principal {Sek(position.PrincipalOutstandingSek, sv)}");
        }

        if (n == 0)
        {
            text.AppendLine(sv ? "Inga lån har betalats ut." : "No loans have been paid out.");
        }

        return text.ToString();
    }

    [WolverinePost("/api/participants/{participantId}/credit-statements", Name = "IssueCreditStatement")]
    [EndpointSummary("Issue her credit-history statement, on her request, with a verification code a bank can check")]
    [ProducesResponseType<CreditStatement>(StatusCodes.Status201Created)]
    public static async Task<IResult> Issue(Guid participantId, IssueStatement command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session,
        StatementKey key, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Date(command.IssuedOn, "issuedOn").OneOf(command.Language, StatementLanguage.All, "language")
            .Require(command.HolderNameToShow is null || (command.HolderNameToShow.Trim().Length is > 0 and <= 100 && TextRules.IsPlainText(command.HolderNameToShow)),
                "holderNameToShow", "1–100 characters, or left out.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var loans = await session.Query<Loan>().Where(l => l.ParticipantId == participantId && l.Region == region).ToListAsync(ct);
        if (loans.Count == 0)
        {
            return Problems.NotFound("borrower", participantId);
        }

        var id = Guid.CreateVersion7(time.GetUtcNow());
        var text = Compose(id, loans, command.IssuedOn, region, command.HolderNameToShow?.Trim(), command.Language);
        var statement = new CreditStatement
        {
            Id = id,
            ParticipantId = participantId,
            Region = region,
            IssuedOn = command.IssuedOn,
            Text = text,
            VerificationCode = key.CodeFor(id, text),
            Language = command.Language
        };
        session.Store(statement);
        return TypedResults.Created($"/api/credit-statements/{id}", statement);
    }

    [WolverineGet("/api/credit-statements/{statementId}", Name = "PrintCreditStatement")]
    [EndpointSummary("The statement as plain text to print and hand to a bank, with its number and verification code")]
    [Produces("text/plain")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/plain")]
    public static async Task<IResult> Print(Guid statementId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<CreditStatement>(statementId, ct) is { } statement && statement.Region == user.StaffRegion()
            ? TypedResults.Text(Printed(statement), "text/plain; charset=utf-8")
            : Problems.NotFound("credit statement", statementId);

    /// <summary>The page as printed: the statement, its verification code, and where a bank checks it, in the statement's language.</summary>
    public static string Printed(CreditStatement statement) => statement.Language == StatementLanguage.Swedish
        ? statement.Text + $"\n{Paper.SwedishCodeLine}{statement.VerificationCode}\n" +
          "En bank kontrollerar intyget på NEEM:s sida för bankers kontroll (Kontrollera kreditintyg), med intygets nummer och kod eller hela texten.\n"
        : statement.Text + $"\n{Paper.CodeLine}{statement.VerificationCode}\n" +
          "A bank checks this statement at POST /api/credit-statements/verification with its number, text and code.\n";

    [WolverinePost("/api/credit-statements/verification", Name = "VerifyCreditStatement")]
    [AllowAnonymous]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(StatementVerificationLimit.Policy)]
    [EndpointSummary("For banks: is this statement genuine and unaltered? Send the printed page as text, or its number and code")]
    [ProducesResponseType<Verification>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> Verify(VerifyStatement command, IQuerySession session, StatementKey key, CancellationToken ct)
    {
        // A printed statement holds plain text and a code of letters, digits and dashes: anything else was not printed by us.
        var validation = new Validation().Text(command.Text, "text", 32_000, multiline: true)
            .Require(command.VerificationCode is null || (command.VerificationCode.Length is >= 1 and <= 64
                                                          && command.VerificationCode.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ' ')),
                "verificationCode", "The code as printed: 1–64 letters, digits, dashes and spaces.")
            .Require(command.Text is not null || (command.StatementId is not null && command.VerificationCode is not null), "text",
                "Send the printed statement's text, or its number and its code.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var paper = Paper.Read(command);
        var stored = paper.StatementId is { } id ? await session.LoadAsync<CreditStatement>(id, ct) : null;
        var codeMatches = stored is not null && paper.Code is { } code
                          && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Paper.Normalise(stored.VerificationCode)),
                              Encoding.ASCII.GetBytes(code));
        if (!codeMatches)
        {
            return TypedResults.Ok(new Verification(false,
                "Not genuine: no statement with this number and code was issued (or it was withdrawn at the holder's request)."));
        }

        if (paper.Text is not { } text)
        {
            return TypedResults.Ok(new Verification(true,
                "Genuine number and code. Compare the paper with the statement as issued, given here: any difference is an alteration.", stored!.Text));
        }

        var unaltered = key.CodeFor(stored!.Id, text) == stored.VerificationCode;
        return TypedResults.Ok(unaltered
            ? new Verification(true, "Genuine: this statement was issued by NEEM Mikrofinans and is unaltered.")
            : new Verification(false, "Not genuine: the number and code are ours but the text differs from the statement as issued. It was altered."));
    }

    /// <summary>What a printed statement says: its number, its text as issued (without the code and help lines), and its code.</summary>
    internal sealed record Paper(Guid? StatementId, string? Text, string? Code)
    {
        public const string CodeLine = "Verification code: ";
        public const string SwedishCodeLine = "Verifieringskod: ";

        public static string Normalise(string code) => new(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

        public static Paper Read(VerifyStatement command)
        {
            if (command.Text is null)
            {
                return new Paper(command.StatementId, null, Normalise(command.VerificationCode!));
            }

            var lines = command.Text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ').Split('\n').ToList();
            var codeAt = lines.FindLastIndex(l => l.StartsWith(CodeLine, StringComparison.Ordinal) || l.StartsWith(SwedishCodeLine, StringComparison.Ordinal));
            string? printedCode = null;
            if (codeAt >= 0)
            {
                // The page ends with the code line and the line telling a bank where to check: neither is part of the signed text.
                printedCode = lines[codeAt][(lines[codeAt].IndexOf(':') + 1)..].Trim();
                lines = lines[..codeAt];
                while (lines.Count > 0 && lines[^1].Trim().Length == 0)
                {
                    lines.RemoveAt(lines.Count - 1);
                }
            }

            var text = string.Join('\n', lines) + "\n";
            Guid? number = command.StatementId;
            if (number is null && lines.Count > 1
                && (lines[1].StartsWith("Statement ", StringComparison.Ordinal) || lines[1].StartsWith("Intyg ", StringComparison.Ordinal))
                && Guid.TryParseExact(lines[1].Split(' ', ',')[1], "N", out var parsed))
            {
                number = parsed;
            }

            var code = command.VerificationCode ?? printedCode;
            return new Paper(number, text, code is null ? null : Normalise(code));
        }
    }
}

/// <summary>
/// Her erasure deletes her statements (they may show her name) and erases the payment and recovery references of her
/// loans (often her identity number), in the stored events and in the loans; the loans' figures stay, anonymous.
/// </summary>
public static class EraseStatementsHandler
{
    public static async Task Handle(ParticipantErased message, IDocumentSession session, RegionOptions region, TimeProvider time,
        ILogger logger, CancellationToken ct)
    {
        if (message.Region != region.Region || await session.AlreadyHandledAsync(message.EventId, ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        var loans = await session.Query<Loan>().Where(l => l.ParticipantId == message.ParticipantId).Select(l => l.Id).ToListAsync(ct);
        await session.MaskEventsAsync(loans, ct);
        foreach (var loanId in loans)
        {
            var stream = await session.FetchForExclusiveWritingAsync<Loan>(loanId, ct);
            if (stream.Aggregate is { HolderErased: false })
            {
                stream.AppendOne(new LoanHolderErased(loanId, message.EventId, now));
            }
        }

        session.DeleteWhere<CreditStatement>(s => s.ParticipantId == message.ParticipantId);
        session.MarkHandled(message.EventId, message, now);
        logger.LogInformation("Credit statements of an erased participant deleted");
    }
}
