namespace NeemPlatform.Participant.Participants.Registering;

/// <summary>
/// An advisor registers a person who came another way than a partner's referral (information workshop,
/// recommendation, word of mouth, walk-in). A person already known is recognised by her identity number:
/// the answer is 200 with her id and the new source is recorded; a new person is 201.
/// </summary>
/// <param name="RegisteredOn">When she came to the programme, if not today (entering earlier records); never in the future.</param>
public sealed record RegisterParticipant(string Source, ReferralRequest Person, DateOnly? RegisteredOn = null);

public sealed record RegistrationReceipt(Guid ParticipantId, string Status, bool AlreadyKnown);

public static class RegisterParticipantEndpoint
{
    [WolverinePost("/api/participants", Name = "RegisterParticipant")]
    [EndpointSummary("Register a person who came through a workshop, a recommendation, word of mouth or as a walk-in")]
    [ProducesResponseType<RegistrationReceipt>(StatusCodes.Status201Created)]
    [ProducesResponseType<RegistrationReceipt>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(RegisterParticipant command, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, IdentityKey identityKey, TimeProvider time, RegionOptions region, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var validation = command.Person.Validate(SwedishTime.DateOf(now), out var person)
            .OneOf(command.Source, Vocabulary.StaffSources, "source")
            .Require(command.RegisteredOn is null || (command.RegisteredOn <= SwedishTime.DateOf(now) && command.RegisteredOn.Value.Year >= 2000),
                "registeredOn", "A date from 2000 up to today, or left out for today.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var received = await Intake.ReceiveAsync(session, bus, identityKey, person!, command.Source, null,
            Guid.CreateVersion7(now), region.Region, user.StaffId(), now, ct, command.RegisteredOn);
        var receipt = new RegistrationReceipt(received.Participant.Id, received.Participant.Status, !received.First);
        return received.First
            ? TypedResults.Created($"/api/participants/{received.Participant.Id}", receipt)
            : TypedResults.Ok(receipt);
    }
}
