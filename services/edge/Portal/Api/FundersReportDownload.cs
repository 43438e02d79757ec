namespace NeemPlatform.Portal.Api;

/// <summary>
/// The funders' participant report as a CSV file: the portal asks Impact for it with the signed-in region manager's own
/// token (the browser never holds one) and hands it over as a download. Bad dates are refused here, naming the field.
/// </summary>
public static class FundersReportDownload
{
    public const string Roles = "region-manager,administrator,steering-group";

    public static void MapFundersReportDownload(this WebApplication app) =>
        app.MapGet("/reports/participants.csv", async (string? from, string? to, HttpContext http, IHttpClientFactory clients, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var start = PortalDownloads.Day(from, "from", errors);
            var end = PortalDownloads.Day(to, "to", errors);
            if (start > end)
            {
                errors["to"] = ["Not before 'from'."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "The period is not valid");
            }

            if (http.User.FindFirst(PortalClaims.AccessToken)?.Value is not { Length: > 0 } token)
            {
                return Results.Unauthorized();
            }

            var impact = ServiceClients.Impact(clients, token);
            var read = await ServiceClients.CallAsync(() => impact.Api.Reports.ParticipantsCsv.GetAsync(c =>
            {
                c.QueryParameters.From = PortalDownloads.Date(start);
                c.QueryParameters.To = PortalDownloads.Date(end);
            }, ct));
            if (read.Problem is { } problem)
            {
                return ServiceClients.Refusal(problem, "The report could not be read");
            }

            using var csv = new MemoryStream();
            await read.Value!.CopyToAsync(csv, ct);
            return Results.File(csv.ToArray(), "text/csv; charset=utf-8", $"deltagarrapport-{start:yyyy-MM-dd}-{end:yyyy-MM-dd}.csv");
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles });
}
