using System.Text;

namespace NeemPlatform.Portal.Api;

/// <summary>
/// The funders' participant report of one month as a CSV file, one row per participant with her name and her hours in each
/// activity (the layout of the ESF participant reporting): Impact's figures and the Participant service's names, both asked
/// with the signed-in region manager's own token. Identity numbers are not in the file: a funder that needs them gets them
/// on the dashboard, each one audited.
/// </summary>
public static class ParticipantMonthsDownload
{
    public const string Roles = "region-manager,administrator";

    private static string Hours(decimal? hours) => (hours ?? 0m).ToString("0.##", CultureInfo.InvariantCulture);

    public static void MapParticipantMonthsDownload(this WebApplication app) =>
        app.MapGet("/reports/participant-months.csv", async (string? month, HttpContext http, IHttpClientFactory clients, CancellationToken ct) =>
        {
            if (month is not { Length: 7 } || !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                || first.Year is < 2000 or > 2100)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["month"] = ["A month from 2000-01 to 2100-12, yyyy-MM."] },
                    title: "The month is not valid");
            }

            if (http.User.FindFirst(PortalClaims.AccessToken)?.Value is not { Length: > 0 } token)
            {
                return Results.Unauthorized();
            }

            var read = await ServiceClients.CallAsync(() => ServiceClients.Impact(clients, token).Api.Reports.ParticipantMonths.GetAsync(
                c => c.QueryParameters.Month = month, ct));
            if (read.Problem is { } problem)
            {
                return ServiceClients.Refusal(problem, "The report could not be read");
            }

            var rows = read.Value?.Participants ?? [];
            var names = await new BorrowerNames(ServiceClients.Participant(clients, token))
                .OfAsync(rows.Where(r => r.ParticipantId is not null).Select(r => r.ParticipantId!.Value));
            var csv = new StringBuilder("month,participant_id,name,group_coaching_hours,individual_coaching_hours,study_visit_hours,guest_lecture_hours," +
                                        "language_training_hours,business_follow_up_hours,total_hours,status,outcome\n");
            foreach (var r in rows)
            {
                var name = r.ParticipantId is { } id && names.TryGetValue(id, out var n) ? n : "";
                csv.Append(CultureInfo.InvariantCulture,
                    $"{month},{r.ParticipantId},{RevealAuditExport.Cell(name)},{Hours(r.GroupCoachingHours)},{Hours(r.IndividualCoachingHours)},{Hours(r.StudyVisitHours)}," +
                    $"{Hours(r.GuestLectureHours)},{Hours(r.LanguageTrainingHours)},{Hours(r.BusinessFollowUpHours)},{Hours(r.TotalHours)},{r.Status},{r.Outcome}\n");
            }

            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"deltagare-per-manad-{month}.csv");
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles });
}
