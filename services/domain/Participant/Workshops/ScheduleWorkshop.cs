namespace NeemPlatform.Participant.Workshops;

public sealed record ScheduleWorkshop(DateOnly ScheduledOn, string Place);

public static class ScheduleWorkshopEndpoint
{
    [WolverinePost("/api/workshops", Name = "ScheduleWorkshop")]
    [EndpointSummary("Schedule an information workshop in your region")]
    [ProducesResponseType<Workshop>(StatusCodes.Status201Created)]
    public static IResult Schedule(ScheduleWorkshop command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, TimeProvider time)
    {
        var validation = new Validation().Date(command.ScheduledOn, "scheduledOn").Text(command.Place, "place", 200, required: true);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var workshop = new Workshop
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Region = instance.Region,
            ScheduledOn = command.ScheduledOn,
            Place = command.Place.Trim()
        };
        session.Store(workshop);
        return TypedResults.Created($"/api/workshops/{workshop.Id}", workshop);
    }
}
