namespace NeemPlatform.Impact.History.GettingParticipantHistory;

/// <summary>One MIS history entry as the API shows it: what was recorded, when it happened, when it was learned.</summary>
public sealed record HistoryEntry(long Sequence, string Type, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, object Data);

public sealed record ParticipantHistory(MisParticipant Summary, IReadOnlyList<HistoryEntry> Entries);

public static class GetParticipantHistoryEndpoint
{
    [WolverineGet("/api/mis/participants/{participantId}", Name = "GetParticipantHistory")]
    [EndpointSummary("The participant's MIS history, entry by entry")]
    [ProducesResponseType<ParticipantHistory>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid participantId, IQuerySession session, CancellationToken ct)
    {
        var summary = await session.LoadAsync<MisParticipant>(participantId, ct);
        if (summary is null)
        {
            return Problems.NotFound("participant in the MIS history", participantId);
        }

        var events = await session.Events.FetchStreamAsync(participantId, token: ct);
        var entries = events
            .Where(e => e.Data is IMisEntry)
            .Select(e => new HistoryEntry(e.Sequence, e.EventTypeName, ((IMisEntry)e.Data).OccurredAt,
                ((IMisEntry)e.Data).RecordedAt, e.Data))
            .ToList();
        return TypedResults.Ok(new ParticipantHistory(summary, entries));
    }
}
