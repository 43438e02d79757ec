using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NeemPlatform.Hosting;
using Wolverine.Http;

namespace NeemPlatform.Participant.Participants.Registering;

/// <summary>
/// Register a person who came to the programme (walk-in, recommendation, workshop...). The client chooses
/// the id, so a retried request is recognised: the same id and content answer 200 with the stored
/// participant; the same id with other content is a 409.
/// </summary>
public sealed record RegisterParticipant(
    Guid ParticipantId,
    string Source,
    string TargetGroup,
    DateOnly RegisteredOn,
    string? Gender = null,
    bool? ForeignBackground = null);

public static class RegisterParticipantEndpoint
{
    public static Validation Validate(RegisterParticipant command) => new Validation()
        .Require(command.ParticipantId != Guid.Empty, "participantId", "Must be a non-empty id.")
        .OneOf(command.Source, Vocabulary.Sources, "source")
        .OneOf(command.TargetGroup, Vocabulary.TargetGroups, "targetGroup")
        .Require(command.Gender is null || Vocabulary.Genders.Contains(command.Gender), "gender",
            $"Must be one of: {string.Join(", ", Vocabulary.Genders)}, or left out.")
        .Date(command.RegisteredOn, "registeredOn");

    public abstract record Decision
    {
        public sealed record Register(ParticipantRegistered Event) : Decision;
        public sealed record AlreadyRegistered : Decision;
        public sealed record Conflicts : Decision;
    }

    public static Decision Decide(RegisterParticipant command, Participant? existing, DateTimeOffset now)
    {
        if (existing is null)
        {
            return new Decision.Register(new ParticipantRegistered(command.ParticipantId, command.Source,
                command.TargetGroup, command.Gender, command.ForeignBackground, command.RegisteredOn, now));
        }

        var same = existing.Source == command.Source && existing.TargetGroup == command.TargetGroup
                   && existing.Gender == command.Gender && existing.ForeignBackground == command.ForeignBackground
                   && existing.RegisteredOn == command.RegisteredOn;
        return same ? new Decision.AlreadyRegistered() : new Decision.Conflicts();
    }

    [WolverinePost("/api/participants", Name = "RegisterParticipant")]
    [Microsoft.AspNetCore.Http.Tags("Participants")]
    [EndpointSummary("Register a participant (client-chosen id; a retry answers 200)")]
    [ProducesResponseType<Participant>(StatusCodes.Status201Created)]
    [ProducesResponseType<Participant>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(RegisterParticipant command, IDocumentSession session, TimeProvider time,
        CancellationToken ct)
    {
        var validation = Validate(command);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var existing = await session.LoadAsync<Participant>(command.ParticipantId, ct);
        switch (Decide(command, existing, time.GetUtcNow()))
        {
            case Decision.Register(var registered):
                session.Events.StartStream<Participant>(command.ParticipantId, registered);
                return TypedResults.Created($"/api/participants/{command.ParticipantId}", Participant.Create(registered));
            case Decision.AlreadyRegistered:
                return TypedResults.Ok(existing);
            default:
                return Problems.ConflictResult(
                    $"Participant {command.ParticipantId} is already registered with other details.");
        }
    }
}
