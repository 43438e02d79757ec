namespace NeemPlatform.Portal.Components.Loans;

/// <summary>A contact's outcome in words, with the date she promised to pay when she did.</summary>
public static class ContactWords
{
    public static string Outcome(IStringLocalizer<Texts> l, string? outcome, Microsoft.Kiota.Abstractions.Date? promisedOn) =>
        promisedOn is { } promised ? l["ContactOutcome.PromisedOn", Formats.Date(promised)] : l[$"ContactOutcome.{outcome}"];
}
