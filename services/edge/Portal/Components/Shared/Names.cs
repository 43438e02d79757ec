using NeemPlatform.Clients.Participant;

namespace NeemPlatform.Portal.Components.Shared;

/// <summary>Participants' names for lists that hold only ids (workshop guests, the waiting list), fetched once per page.</summary>
public sealed class Names(ParticipantClient participants)
{
    private readonly Dictionary<Guid, string> _known = [];

    public async Task<string> OfAsync(Guid participantId)
    {
        if (!_known.TryGetValue(participantId, out var name))
        {
            var view = await ServiceClients.CallAsync(() => participants.Api.Participants[participantId].GetAsync());
            name = view.Value?.PersonalData is { } p ? $"{p.FirstName} {p.LastName}" : "–";
            _known[participantId] = name;
        }

        return name;
    }

    public string this[Guid participantId] => _known.GetValueOrDefault(participantId, "…");
}
