namespace NeemPlatform.Hosting;

/// <summary>
/// Erasure reaches free text inside stored events: each service registers a masking rule
/// (<c>Events.AddMaskingRuleForProtectedInformation</c>) for every event type that carries text a person typed
/// (a payment reference, a budget label, a reason), and on erasure rewrites the events of her streams with it.
/// Her aggregates drop the same text in the fold of their erasure event, so a replay gives the same state.
/// </summary>
public static class Erasure
{
    /// <summary>What erased free text reads as.</summary>
    public const string Placeholder = "[erased]";

    /// <summary>
    /// Rewrites every stored event of <paramref name="streams"/> through the service's masking rules (its own
    /// transaction, committed before this returns; running it again changes nothing). Call it before taking the
    /// streams' locks in <paramref name="session"/>.
    /// </summary>
    public static async Task MaskEventsAsync(this IDocumentSession session, IReadOnlyCollection<Guid> streams, CancellationToken ct)
    {
        if (streams.Count == 0)
        {
            return;
        }

        await session.DocumentStore.Advanced.ApplyEventDataMasking(masking =>
        {
            foreach (var stream in streams)
            {
                masking.IncludeStream(stream);
            }
        }, ct);
    }
}
