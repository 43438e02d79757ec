namespace NeemPlatform.Participant.Partners;

public sealed record RegisterPartner(string Name);

public static class RegisterPartnerEndpoint
{
    [WolverinePost("/api/partners", Name = "RegisterPartner")]
    [EndpointSummary("Register a partner organisation")]
    [ProducesResponseType<PartnerView>(StatusCodes.Status201Created)]
    public static IResult Register(RegisterPartner command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, TimeProvider time)
    {
        var validation = new Validation().Text(command.Name, "name", 200, required: true);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var now = time.GetUtcNow();
        var partner = new Partner
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name.Trim(),
            Region = instance.Region,
            CreatedAt = now,
            CreatedBy = user.StaffId()
        };
        session.Store(partner);
        return TypedResults.Created($"/api/partners/{partner.Id}", PartnerAccess.View(partner));
    }
}
