namespace NeemPlatform.Participant.Participants;

/// <summary>The filter every audit list takes: one staff member, a period of days, a page.</summary>
public static class AuditFilterRules
{
    public static Validation Check(string? staffId, DateOnly? from, DateOnly? to, int page, int pageSize) => new Validation()
        .Require(staffId is null || Validation.IsStaffId(staffId), "staffId", "A staff id: 1–100 letters a–z, digits and . - _ @.")
        .Require(from is null || from.Value.Year is >= 2000 and <= 2100, "from", "A date between 2000 and 2100.")
        .Require(to is null || to.Value.Year is >= 2000 and <= 2100, "to", "A date between 2000 and 2100.")
        .Require(from is null || to is null || from <= to, "to", "Not before 'from'.")
        .Require(page is >= 1 and <= 100_000, "page", "From 1.")
        .Require(pageSize is >= 1 and <= 200, "pageSize", "Between 1 and 200.");
}
