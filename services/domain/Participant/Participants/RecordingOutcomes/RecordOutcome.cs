namespace NeemPlatform.Participant.Participants.RecordingOutcomes;

/// <summary>A started company: its organisation number stays in her personal data (a sole trader's is her identity number).</summary>
public sealed record StartedCompany(string OrganisationNumber, string CompanyForm, DateOnly StartedOn, bool SocialEnterprise);

/// <summary>Her next step in life: studies, internship, employment or started-company (then with the company).</summary>
public sealed record RecordOutcome(string Outcome, DateOnly OutcomeOn, StartedCompany? Company = null);

public static class RecordOutcomeEndpoint
{
    public static Validation Check(RecordOutcome command, DateOnly today, out string? organisationNumber)
    {
        organisationNumber = null;
        var validation = new Validation()
            .OneOf(command.Outcome, Vocabulary.OutcomeKinds, "outcome")
            .Date(command.OutcomeOn, "outcomeOn")
            .Require(command.OutcomeOn <= today, "outcomeOn", "Must not lie in the future.")
            .Require((command.Outcome == "started-company") == (command.Company is not null), "company",
                "Required for started-company, and only then.");
        if (command.Company is { } company)
        {
            validation
                .Require(OrganisationNumber.TryNormalise(company.OrganisationNumber, today, out organisationNumber), "company.organisationNumber",
                    "A Swedish organisation number (NNNNNN-NNNN with a valid check digit), or the owner's identity number for a sole trader.")
                .OneOf(company.CompanyForm, Vocabulary.CompanyForms, "company.companyForm")
                .Date(company.StartedOn, "company.startedOn")
                .Require(company.StartedOn <= today, "company.startedOn", "Must not lie in the future.");
        }

        return validation;
    }

    public static OutcomeRecorded? Decide(Participant p, RecordOutcome c, Guid eventId, DateTimeOffset now, out string? refusal,
        Guid? enterpriseId = null)
    {
        refusal = p.Erased ? "Her personal data was erased; her record is closed."
            : !p.Selected ? "Outcomes are recorded for selected participants."
            : c.OutcomeOn < (p.SelectedOn ?? p.RegisteredOn) ? "The outcome date lies before her selection."
            : null;
        if (refusal is not null)
        {
            return null;
        }

        var already = (p.Outcomes ?? []).Any(o => o.Outcome == c.Outcome && o.OutcomeOn == c.OutcomeOn);
        return already
            ? null
            : new OutcomeRecorded(p.Id, eventId, c.Outcome, c.OutcomeOn, c.Company?.CompanyForm, c.Company?.StartedOn,
                c.Company?.SocialEnterprise ?? false, now, enterpriseId);
    }

    [WolverinePost("/api/participants/{participantId}/outcomes", Name = "RecordOutcome")]
    [EndpointSummary("Record her next step: studies, internship, employment or a started company (social enterprise or not)")]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, RecordOutcome command, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, IdentityKey keys, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var validation = Check(command, SwedishTime.DateOf(now), out var organisationNumber);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream)
        {
            return Problems.NotFound("participant", participantId);
        }

        var recorded = Decide(participant, command, Guid.CreateVersion7(now), now, out var refusal,
            organisationNumber is null ? null : keys.EnterpriseId(organisationNumber));
        if (refusal is not null)
        {
            return Problems.Refused("Outcome refused", refusal);
        }

        if (recorded is null)
        {
            return TypedResults.Ok(participant);
        }

        stream.AppendOne(recorded);
        if (organisationNumber is not null && await session.LoadAsync<PersonalDataRecord>(participantId, ct) is { } record)
        {
            record.OrganisationNumber = organisationNumber;
            session.Store(record);
        }

        participant = Participant.Apply(recorded, participant);
        await bus.PublishAsync(participant.OutcomeRecorded(recorded));
        return TypedResults.Ok(participant);
    }
}
