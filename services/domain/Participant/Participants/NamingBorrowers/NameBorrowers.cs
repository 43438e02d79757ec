namespace NeemPlatform.Participant.Participants.NamingBorrowers;

/// <summary>The participants a loan officer's list names (the ids come from her loans).</summary>
public sealed record NameBorrowers(IReadOnlyList<Guid> ParticipantIds);

/// <summary>A borrower as the loan officers' desk shows her: her name and who her advisor is, nothing more of her record.</summary>
public sealed record BorrowerName(Guid ParticipantId, string FirstName, string LastName, string? AdvisorId);

public sealed record BorrowerNames(IReadOnlyList<BorrowerName> Borrowers);

/// <summary>
/// Loan officers see borrowers, not participant records: for the ids on their loans, the names and her advisor's id (whom to ask)
/// and nothing else (no number, no contact details, no notes), and only of participants selected into the programme (the only ones who can borrow) whose
/// personal data was not erased. An id of anyone else is simply left out of the answer.
/// </summary>
public static class NameBorrowersEndpoint
{
    public const int MaxIds = 200;

    [WolverinePost("/api/borrowers/names", Name = "NameBorrowers")]
    [EndpointSummary("The names of the borrowers on your loans (first and last name only; selected participants of the region only)")]
    [ProducesResponseType<BorrowerNames>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(NameBorrowers command, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var validation = new Validation()
            .Require(command.ParticipantIds is { Count: >= 1 and <= MaxIds }, "participantIds", $"1–{MaxIds} participant ids.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var ids = command.ParticipantIds.Distinct().ToArray();
        var participants = await session.LoadManyAsync<Participant>(ct, ids);
        var borrowers = participants.Where(p => p is not null && user.Sees(p) && p.Selected && !p.Erased).ToDictionary(p => p.Id);
        var records = borrowers.Count == 0 ? [] : await session.LoadManyAsync<PersonalDataRecord>(ct, borrowers.Keys.ToArray());
        return TypedResults.Ok(new BorrowerNames(records.Where(r => r is not null)
            .Select(r => new BorrowerName(r.Id, r.FirstName, r.LastName, borrowers[r.Id].AdvisorId))
            .OrderBy(b => b.LastName).ThenBy(b => b.FirstName).ToList()));
    }
}
