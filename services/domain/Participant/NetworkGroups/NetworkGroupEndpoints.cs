namespace NeemPlatform.Participant.NetworkGroups;

/// <summary>Form a network group in the staff member's region; people waiting are admitted to it at once.</summary>
public sealed record FormNetworkGroup(string Name, DateOnly FormedOn, int? Capacity = null);

/// <summary>Change a group's capacity; raising it admits people from the waiting list, in order.</summary>
public sealed record ChangeCapacity(int Capacity, DateOnly ChangedOn);

public sealed record NetworkGroupView(Guid Id, string Region, string Name, int Capacity, int Members, int FreePlaces, DateOnly FormedOn);

public sealed record NetworkGroupsView(IReadOnlyList<NetworkGroupView> Groups, IReadOnlyList<WaitingEntry> WaitingList);

public sealed record WaitingEntry(int Position, Guid ParticipantId, DateTimeOffset WaitingSince, bool Selected);

public static class NetworkGroupEndpoints
{
    public const int MaxCapacity = 500;

    public static NetworkGroupView View(NetworkGroup g) => new(g.Id, g.Region, g.Name, g.Capacity, g.Members.Count, g.FreePlaces, g.FormedOn);

    [WolverinePost("/api/network-groups", Name = "FormNetworkGroup")]
    [EndpointSummary("Form a network group in your region (region manager or administrator)")]
    [ProducesResponseType<NetworkGroupView>(StatusCodes.Status201Created)]
    public static async Task<IResult> Form(FormNetworkGroup command, ClaimsPrincipal user, RegionOptions instance, IDocumentSession session, IMessageBus bus,
        NetworkGroupSettings settings, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Text(command.Name, "name", 100, required: true)
            .Date(command.FormedOn, "formedOn")
            .Require(command.Capacity is null or (>= 1 and <= MaxCapacity), "capacity", $"Between 1 and {MaxCapacity}, or left out for {settings.DefaultCapacity}.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        var now = time.GetUtcNow();
        await session.LockAsync(Placement.LockKey(region), ct);
        var group = new NetworkGroup
        {
            Id = Guid.CreateVersion7(now),
            Region = region,
            Name = command.Name.Trim(),
            Capacity = command.Capacity ?? settings.DefaultCapacity,
            FormedOn = command.FormedOn,
            FormedAt = now
        };
        session.Store(group);
        var groups = (await Placement.GroupsAsync(session, region, ct)).Append(group).ToList();
        await Placement.AdmitFromWaitingListAsync(session, bus, region, groups, command.FormedOn, user.StaffId(), now, ct);
        return TypedResults.Created($"/api/network-groups/{group.Id}", View(group));
    }

    [WolverinePut("/api/network-groups/{groupId}/capacity", Name = "ChangeNetworkGroupCapacity")]
    [EndpointSummary("Change a group's capacity (not below its members); raising it admits people waiting")]
    [ProducesResponseType<NetworkGroupView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> ChangeCapacity(Guid groupId, ChangeCapacity command, ClaimsPrincipal user, RegionOptions instance,
        IDocumentSession session, IMessageBus bus, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Require(command.Capacity is >= 1 and <= MaxCapacity, "capacity", $"Between 1 and {MaxCapacity}.")
            .Date(command.ChangedOn, "changedOn");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var region = instance.Region;
        await session.LockAsync(Placement.LockKey(region), ct);
        var groups = await Placement.GroupsAsync(session, region, ct);
        var group = groups.FirstOrDefault(g => g.Id == groupId);
        if (group is null)
        {
            return Problems.NotFound("network group", groupId);
        }

        if (command.Capacity < group.Members.Count)
        {
            return Problems.Refused("Capacity refused", $"The group has {group.Members.Count} members: its capacity cannot be lower.");
        }

        group.Capacity = command.Capacity;
        session.Store(group);
        await Placement.AdmitFromWaitingListAsync(session, bus, region, groups, command.ChangedOn, user.StaffId(), time.GetUtcNow(), ct);
        return TypedResults.Ok(View(group));
    }

    [WolverineGet("/api/network-groups", Name = "ListNetworkGroups")]
    [Authorize(Policy = NeemPolicies.ParticipantWork)]
    [EndpointSummary("Your region's network groups and its waiting list, in order")]
    [ProducesResponseType<NetworkGroupsView>(StatusCodes.Status200OK)]
    public static async Task<NetworkGroupsView> List(ClaimsPrincipal user, RegionOptions instance, IQuerySession session, CancellationToken ct)
    {
        var region = instance.Region;
        var groups = await Placement.GroupsAsync(session, region, ct);
        var waiting = await Placement.WaitingListAsync(session, region, ct);
        return new NetworkGroupsView(groups.Select(View).ToList(),
            waiting.Select((p, i) => new WaitingEntry(i + 1, p.Id, p.WaitingSince!.Value, p.Selected)).ToList());
    }
}
