using Marten;
using NeemPlatform.Hosting;
using Wolverine.Http;

namespace NeemPlatform.Lending.CreditFiles.GettingCreditFile;

public static class GetCreditFileEndpoint
{
    [WolverineGet("/api/credit-files/{participantId}", Name = "GetCreditFile")]
    [Microsoft.AspNetCore.Http.Tags("Credit files")]
    public static async Task<IResult> Get(Guid participantId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<CreditFile>(participantId, ct) is { } file
            ? TypedResults.Ok(file)
            : Problems.NotFound("credit file", participantId);
}
