using NeemPlatform.Clients.Participant.Api.Audit.IdentityReveals;

namespace NeemPlatform.Portal.Components.Audit;

/// <summary>What the data-protection officer narrows the audit to: a period, and one staff member (or everyone).</summary>
public sealed class AuditFilter
{
    public DateTime? From { get; set; } = Dates.Today.AddDays(-30);

    public DateTime? To { get; set; } = Dates.Today;

    /// <summary>A staff id from the directory, or null for everyone.</summary>
    public string? StaffId { get; set; }

    public Date? FromDate => From is { } f ? new Date(f) : null;

    public Date? ToDate => To is { } t ? new Date(t) : null;

    public void Apply(IdentityRevealsRequestBuilder.IdentityRevealsRequestBuilderGetQueryParameters query)
    {
        query.StaffId = StaffId;
        query.From = FromDate;
        query.To = ToDate;
    }

    /// <summary>The filter as the export's query string.</summary>
    public string Query =>
        string.Join('&', new[]
        {
            From is { } f ? $"from={f:yyyy-MM-dd}" : null,
            To is { } t ? $"to={t:yyyy-MM-dd}" : null,
            StaffId is { } s ? $"staffId={Uri.EscapeDataString(s)}" : null
        }.OfType<string>());
}
