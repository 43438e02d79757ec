using System.Text;

namespace NeemPlatform.Portal.Api;

/// <summary>
/// The identity-number reveal audit as a CSV file, for the filter the data-protection officer chose: the portal reads it
/// page by page with her own token. Staff free text is quoted and never starts a cell with a formula character, so the
/// file opened in a spreadsheet computes nothing.
/// </summary>
public static class RevealAuditExport
{
    public const string Roles = "data-protection-officer,region-manager";

    /// <summary>At most this many rows in one file (100 pages of 200); a cut file's answer says so in X-Export-Truncated and X-Export-Total.</summary>
    public const int MaxRows = 20_000;

    public static void MapRevealAuditExport(this WebApplication app) =>
        app.MapGet("/audit/identity-reveals.csv", async (string? from, string? to, string? staffId, HttpContext http, IHttpClientFactory clients,
            ILogger<StaffNames> logger, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var start = PortalDownloads.Day(from, "from", errors, required: false);
            var end = PortalDownloads.Day(to, "to", errors, required: false);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "The filter is not valid");
            }

            if (http.User.FindFirst(PortalClaims.AccessToken)?.Value is not { Length: > 0 } token)
            {
                return Results.Unauthorized();
            }

            var participants = ServiceClients.Participant(clients, token);
            var names = await new StaffNames(participants, logger).AllAsync();
            var csv = new StringBuilder("at,staff_id,staff_name,role,participant_id,purpose,reason,outcome\n");
            var rows = 0;
            var total = 0;
            for (var page = 1; rows < MaxRows; page++)
            {
                var read = await ServiceClients.CallAsync(() => participants.Api.Audit.IdentityReveals.GetAsync(c =>
                {
                    c.QueryParameters.From = PortalDownloads.Date(start);
                    c.QueryParameters.To = PortalDownloads.Date(end);
                    c.QueryParameters.StaffId = staffId;
                    c.QueryParameters.Page = page;
                    c.QueryParameters.PageSize = 200;
                }, ct));
                if (read.Problem is { } problem)
                {
                    return ServiceClients.Refusal(problem, "The audit could not be read");
                }

                total = read.Value?.Total ?? 0;
                foreach (var e in read.Value?.Entries ?? [])
                {
                    csv.AppendJoin(',', e.At?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), Cell(e.StaffId),
                        Cell(StaffNames.Of(names, e.StaffId)), Cell(e.Role), e.ParticipantId, Cell(e.Purpose), Cell(e.Reason), Cell(e.Outcome)).Append('\n');
                    rows++;
                }

                if ((read.Value?.Entries?.Count ?? 0) < 200)
                {
                    break;
                }
            }

            if (total > rows)
            {
                http.Response.Headers["X-Export-Truncated"] = "true";
                http.Response.Headers["X-Export-Total"] = total.ToString(CultureInfo.InvariantCulture);
            }

            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8",
                $"personnummer-visade-{start:yyyy-MM-dd}-{end:yyyy-MM-dd}.csv".Replace("--", "-", StringComparison.Ordinal));
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles });

    /// <summary>A CSV cell: quoted, quotes doubled, and a leading = + - @ (a formula in a spreadsheet) made text.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        if (text[0] is '=' or '+' or '-' or '@' or '\t')
        {
            text = "'" + text;
        }

        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
