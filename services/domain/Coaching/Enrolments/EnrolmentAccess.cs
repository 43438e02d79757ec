using JasperFx.Events;

namespace NeemPlatform.Coaching.Enrolments;

/// <summary>
/// Staff reach only their own region's enrolments (another region's answer 404). Changes name the version
/// of the enrolment the advisor saw: a stale one is refused with 409, never merged.
/// </summary>
public static class EnrolmentAccess
{
    public static async Task<IEventStream<Enrolment>?> ForWritingAsync(this IDocumentSession session, Guid participantId,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var stream = await session.FetchForExclusiveWritingAsync<Enrolment>(participantId, ct);
        return stream.Aggregate is { } e && e.Region == user.StaffRegion() ? stream : null;
    }

    public static async Task<Enrolment?> ForReadingAsync(this IQuerySession session, Guid participantId, ClaimsPrincipal user,
        CancellationToken ct) =>
        await session.LoadAsync<Enrolment>(participantId, ct) is { } e && e.Region == user.StaffRegion() ? e : null;

    /// <summary>409 when the advisor's view is older than the stored enrolment.</summary>
    public static IResult? Stale(IEventStream<Enrolment> stream, long expectedVersion) =>
        stream.Version() == expectedVersion
            ? null
            : TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Stale enrolment",
                Type = Problems.TypeBase + "conflict",
                Detail = $"The enrolment changed since you read it (you had version {expectedVersion}, it is now {stream.Version()}). " +
                         "Fetch it again and redo your change."
            });

    /// <summary>
    /// The stream's version as a change must name it (0 before the first event), counting the events this request appended
    /// (Marten moves it on at each append): what an answer states as the version the next command names.
    /// </summary>
    public static long Version(this IEventStream<Enrolment> stream) => stream.CurrentVersion ?? 0;

    public static IResult NotFound(Guid participantId) => Problems.NotFound("enrolment", participantId);
}
