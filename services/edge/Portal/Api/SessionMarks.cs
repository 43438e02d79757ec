using Microsoft.Kiota.Abstractions.Serialization;
using NeemPlatform.Clients.Coaching.Models;

namespace NeemPlatform.Portal.Api;

/// <summary>A session's recorded attendance: the contract gives it as a map of participant id to status, which the generated client keeps untyped.</summary>
public static class SessionMarks
{
    public static Dictionary<Guid, string> Of(Session_attendance? attendance) =>
        (attendance?.AdditionalData ?? new Dictionary<string, object>())
        .Select(a => (Id: Guid.TryParse(a.Key, out var id) ? id : (Guid?)null, Status: a.Value switch
        {
            string text => text,
            UntypedString untyped => untyped.GetValue(),
            _ => null
        }))
        .Where(a => a.Id is not null && a.Status is not null)
        .ToDictionary(a => a.Id!.Value, a => a.Status!);
}
