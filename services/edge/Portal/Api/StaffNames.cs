using NeemPlatform.Clients.Participant;

namespace NeemPlatform.Portal.Api;

/// <summary>
/// Staff by name on every screen: the region's staff directory (filled at each sign-in from the identity provider's claims),
/// read once per page or circuit. An id the directory does not know (someone who has not signed in since) stays an id.
/// </summary>
public sealed class StaffNames(ParticipantClient participants, ILogger<StaffNames> logger)
{
    private Task<IReadOnlyDictionary<string, string>>? _directory;

    public async Task<string?> NameOfAsync(string? staffId) =>
        staffId is null ? null : (await (_directory ??= LoadAsync())).GetValueOrDefault(staffId, staffId);

    /// <summary>Every name at once, for a list or a timeline.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AllAsync() => await (_directory ??= LoadAsync());

    private async Task<IReadOnlyDictionary<string, string>> LoadAsync()
    {
        var read = await ServiceClients.CallAsync(() => participants.Api.Staff.GetAsync());
        if (read.Problem is { } problem)
        {
            logger.LogWarning("The staff directory could not be read ({Status}): staff are shown by id", problem.Status);
        }

        return (read.Value?.Staff ?? []).Where(s => s.Id is not null && s.Name is not null)
            .ToDictionary(s => s.Id!, s => s.Name!, StringComparer.Ordinal);
    }

    /// <summary>A staff member's name from a directory read with <see cref="AllAsync"/>: her id when the directory does not know her.</summary>
    public static string Of(IReadOnlyDictionary<string, string> directory, string? staffId) =>
        staffId is null ? "–" : directory.GetValueOrDefault(staffId, staffId);

    /// <summary>Puts the staff member who just signed in into the directory, by the name her token carries. A failure does not stop her sign-in.</summary>
    public static async Task RegisterAsync(IHttpClientFactory clients, string accessToken, ILogger logger, CancellationToken ct)
    {
        var answer = await ServiceClients.CallAsync(() => ServiceClients.Participant(clients, accessToken).Api.Staff.Me.PutAsync(cancellationToken: ct));
        if (answer.Problem is { } problem)
        {
            logger.LogWarning("Could not put the signed-in staff member in the directory ({Status})", problem.Status);
        }
    }
}
