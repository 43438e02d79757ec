using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Hosting;
using NeemPlatform.Participant.PersonalData;
using Wolverine.Http;

namespace NeemPlatform.Participant.Participants.RevealingIdentityNumber;

/// <summary>Why the whole identity number is needed (kept in the audit trail with who and when).</summary>
public sealed record RevealIdentityNumber(string Reason);

public sealed record RevealedIdentityNumber(Guid ParticipantId, string PersonalIdentityNumber);

public static class RevealIdentityNumberEndpoint
{
    [WolverinePost("/api/participants/{participantId}/identity-number", Name = "RevealIdentityNumber")]
    [Authorize(Policy = NeemPolicies.ParticipantWork)]
    [Tags("Personal data")]
    [EndpointSummary("Show her whole identity number: an explicit, audited request (who, when, why)")]
    [ProducesResponseType<RevealedIdentityNumber>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Post(Guid participantId, RevealIdentityNumber command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Text(command.Reason, "reason", 500, required: true)
            .Require(command.Reason is null || command.Reason.Trim().Length >= 5, "reason", "Say why, in at least 5 characters.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant } stream
            || await session.LoadAsync<PersonalDataRecord>(participantId, ct) is not { } record)
        {
            return Problems.NotFound("participant", participantId);
        }

        stream.AppendOne(new IdentityNumberRevealed(participant.Id, user.StaffId(), command.Reason!.Trim(), time.GetUtcNow()));
        return TypedResults.Ok(new RevealedIdentityNumber(participant.Id, record.IdentityNumber));
    }
}
