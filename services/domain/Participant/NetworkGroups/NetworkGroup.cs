using ParticipantState = NeemPlatform.Participant.Participants.Participant;

namespace NeemPlatform.Participant.NetworkGroups;

/// <summary>
/// A network group of one regional platform: its capacity (60 by default) and its members. Changes to a
/// region's groups and waiting list are serialised by an advisory lock on the region, so two advisors
/// can never fill the last place twice.
/// </summary>
public sealed class NetworkGroup
{
    public Guid Id { get; set; }
    public string Region { get; set; } = "";
    public string Name { get; set; } = "";
    public int Capacity { get; set; }
    public DateOnly FormedOn { get; set; }
    public DateTimeOffset FormedAt { get; set; }
    public List<Guid> Members { get; set; } = [];

    public int FreePlaces => Math.Max(0, Capacity - Members.Count);
}

/// <summary><c>Neem:NetworkGroups:DefaultCapacity</c>: places in a new group when none is given (60: the programme mobilises 60 people in network groups per regional platform).</summary>
public sealed record NetworkGroupSettings(int DefaultCapacity);

/// <summary>Where a selected participant goes, and who comes in from the waiting list when places free up.</summary>
public static class Placement
{
    public static string LockKey(string region) => $"network-groups:{region}";

    /// <summary>The named group if it has room; otherwise the oldest group with room; null when the region is full.</summary>
    public static NetworkGroup? Choose(IReadOnlyList<NetworkGroup> groups, Guid? preferred) =>
        groups.FirstOrDefault(g => g.Id == preferred && g.FreePlaces > 0)
        ?? groups.OrderBy(g => g.FormedAt).ThenBy(g => g.Id).FirstOrDefault(g => g.FreePlaces > 0);

    public static Task<IReadOnlyList<NetworkGroup>> GroupsAsync(IQuerySession session, string region, CancellationToken ct) =>
        session.Query<NetworkGroup>().Where(g => g.Region == region).OrderBy(g => g.FormedAt).ToListAsync(ct);

    /// <summary>The waiting list in order: first placed, first admitted.</summary>
    public static async Task<IReadOnlyList<ParticipantState>> WaitingListAsync(IQuerySession session,
        string region, CancellationToken ct) =>
        (await session.Query<ParticipantState>()
            .Where(p => p.Region == region && p.Status == ParticipantStatus.WaitingList)
            .ToListAsync(ct))
        .OrderBy(p => p.WaitingSince).ThenBy(p => p.Id).ToList();

    /// <summary>
    /// Puts her in <paramref name="group"/>: selects her first if she came from the waiting list without a
    /// selection, appends the events and publishes the contracts (in the request's transaction).
    /// </summary>
    public static async Task<ParticipantState> JoinAsync(IDocumentSession session, IMessageBus bus,
        ParticipantState participant, NetworkGroup group, DateOnly on, string decidedBy, DateTimeOffset now,
        JasperFx.Events.IEventStream<ParticipantState>? fetched = null)
    {
        var events = new List<object>();
        if (!participant.Selected)
        {
            var selected = new SelectedForProgramme(participant.Id, Guid.CreateVersion7(now), on, decidedBy, now);
            events.Add(selected);
            participant = ParticipantState.Apply(selected, participant);
            await bus.PublishAsync(participant.Selected(selected));
        }

        var joined = new JoinedNetworkGroup(participant.Id, Guid.CreateVersion7(now), group.Id, on, now);
        events.Add(joined);
        participant = ParticipantState.Apply(joined, participant);
        group.Members.Add(participant.Id);
        session.Store(group);
        var stream = fetched ?? await session.FetchForExclusiveWritingAsync<ParticipantState>(participant.Id, CancellationToken.None);
        stream.AppendMany(events);
        await bus.PublishAsync(participant.Assigned(joined));
        return participant;
    }

    /// <summary>Fills free places from the waiting list, in order. Call under the region's lock.</summary>
    public static async Task<int> AdmitFromWaitingListAsync(IDocumentSession session, IMessageBus bus, string region,
        IReadOnlyList<NetworkGroup> groups, DateOnly on, string decidedBy, DateTimeOffset now, CancellationToken ct,
        Guid? skip = null)
    {
        var admitted = 0;
        foreach (var waiting in await WaitingListAsync(session, region, ct))
        {
            if (waiting.Id == skip)
            {
                continue;
            }

            var group = Choose(groups, null);
            if (group is null)
            {
                break;
            }

            await JoinAsync(session, bus, waiting, group, on, decidedBy, now);
            admitted++;
        }

        return admitted;
    }
}
