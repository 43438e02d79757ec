namespace NeemPlatform.Portal.Api;

/// <summary>
/// A study's pseudonymised history as a file (NDJSON or CSV), for the researcher's window: the portal asks Impact with her
/// own token and hands the answer over unchanged. Bad input is refused here or by Impact, naming the field.
/// </summary>
public static class ResearchExportDownload
{
    public const string Roles = "researcher,administrator";

    public static void MapResearchExportDownload(this WebApplication app) =>
        app.MapGet("/research/studies/{studyId:guid}/history", async (Guid studyId, string? from, string? to, string? format, string? coarsen,
            HttpContext http, IHttpClientFactory clients, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var start = PortalDownloads.Day(from, "from", errors);
            var end = PortalDownloads.Day(to, "to", errors);
            if (format is not ("ndjson" or "csv"))
            {
                errors["format"] = ["ndjson or csv."];
            }

            if (coarsen is not (null or "" or "month"))
            {
                errors["coarsen"] = ["Leave out, or 'month'."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "The export is not valid");
            }

            if (http.User.FindFirst(PortalClaims.AccessToken)?.Value is not { Length: > 0 } token)
            {
                return Results.Unauthorized();
            }

            var read = await ServiceClients.CallAsync(() => ServiceClients.Impact(clients, token).Api.Research.Studies[studyId].History.GetAsync(c =>
            {
                c.QueryParameters.From = PortalDownloads.Date(start);
                c.QueryParameters.To = PortalDownloads.Date(end);
                c.QueryParameters.Format = format;
                c.QueryParameters.Coarsen = string.IsNullOrEmpty(coarsen) ? null : coarsen;
            }, ct));
            if (read.Problem is { } problem)
            {
                return ServiceClients.Refusal(problem, "The export could not be read");
            }

            using var body = new MemoryStream();
            await read.Value!.CopyToAsync(body, ct);
            return Results.File(body.ToArray(), format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
                $"studie-{studyId:N}-{start:yyyy-MM-dd}-{end:yyyy-MM-dd}.{format}");
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles });
}
