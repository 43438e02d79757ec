using NeemPlatform.Clients.Participant;
using NeemPlatform.Clients.Participant.Models;

namespace NeemPlatform.Portal.Api;

/// <summary>
/// Borrowers by name on the loan officers' screens: the only thing of a participant's record a loan officer sees, asked for
/// the ids on the loans or credit files shown. An id without an answer (erased, or not a borrower of this region) has no name.
/// </summary>
public sealed class BorrowerNames(ParticipantClient participants)
{
    public async Task<IReadOnlyDictionary<Guid, string>> OfAsync(IEnumerable<Guid> participantIds) =>
        (await WithAdvisorsAsync(participantIds)).ToDictionary(b => b.Key, b => b.Value.Name);

    /// <summary>The names with each borrower's advisor (her staff id), whom a loan officer asks about her.</summary>
    public async Task<IReadOnlyDictionary<Guid, (string Name, string? Advisor)>> WithAdvisorsAsync(IEnumerable<Guid> participantIds)
    {
        var found = new Dictionary<Guid, (string, string?)>();
        // The service names up to 200 at a time: a month's participant report may list more.
        foreach (var wanted in participantIds.Distinct().Chunk(200))
        {
            var names = await ServiceClients.CallAsync(() => participants.Api.Borrowers.Names.PostAsync(
                new NameBorrowers { ParticipantIds = wanted.Select(id => (Guid?)id).ToList() }));
            foreach (var b in (names.Value?.Borrowers ?? []).Where(b => b.ParticipantId is not null))
            {
                found[b.ParticipantId!.Value] = ($"{b.FirstName} {b.LastName}", b.AdvisorId);
            }
        }

        return found;
    }
}
