using System.Text.RegularExpressions;

namespace NeemPlatform.Portal.Components.Shared;

/// <summary>
/// The services explain a refusal in English, in a small set of sentences shared by their validation rules. The portal
/// recognises those sentences and says them in the staff member's language (the texts are in the resource files, keyed
/// <c>ServiceWords.*</c>); a sentence it does not know is shown as the service said it, after the portal's own lead.
/// </summary>
public static partial class ServiceWords
{
    private static readonly (Regex Pattern, string Key)[] Known =
    [
        (Required(), "ServiceWords.Required"),
        (PlainText(), "ServiceWords.PlainText"),
        (PlainTextOneLine(), "ServiceWords.PlainTextOneLine"),
        (TwoDecimals(), "ServiceWords.TwoDecimals"),
        (NotNegative(), "ServiceWords.NotNegative"),
        (AboveZero(), "ServiceWords.AboveZero"),
        (AtMostSek(), "ServiceWords.AtMostSek"),
        (DateRange(), "ServiceWords.DateRange"),
        (NotInFuture(), "ServiceWords.NotInFuture"),
        (OneOf(), "ServiceWords.OneOf"),
        (StaffId(), "ServiceWords.StaffId"),
        (Score(), "ServiceWords.Score"),
        (AtLeastLetters(), "ServiceWords.AtLeastLetters"),
        (Between(), "ServiceWords.Between"),
        (MissingOrWrongFormat(), "ServiceWords.MissingOrWrongFormat"),
        (IdentityNumber(), "ServiceWords.IdentityNumber"),
        (Phone(), "ServiceWords.Phone"),
        (Email(), "ServiceWords.Email"),
        (BeforeEnrolment(), "ServiceWords.BeforeEnrolment"),
        (NotBeforeFrom(), "ServiceWords.NotBeforeFrom"),
        (CapacityBelowMembers(), "ServiceWords.CapacityBelowMembers")
    ];

    /// <summary>The resource key and its arguments for a sentence a service wrote, or null when the portal does not know it.</summary>
    public static (string Key, string[] Arguments)? Recognise(string serviceText)
    {
        foreach (var (pattern, key) in Known)
        {
            if (pattern.Match(serviceText.Trim()) is { Success: true } match)
            {
                return (key, match.Groups.Cast<Group>().Skip(1).Select(g => g.Value).ToArray());
            }
        }

        return null;
    }

    /// <summary>The sentence in the staff member's language, or null when the portal does not know it.</summary>
    public static string? Say(string serviceText, IStringLocalizer l) =>
        Recognise(serviceText) is { } known ? l[known.Key, known.Arguments.Cast<object>().ToArray()].Value : null;

    [GeneratedRegex(@"^Required\.$")]
    private static partial Regex Required();

    [GeneratedRegex(@"^At most (\d+) characters of plain text: no control, formatting or separator characters\.$")]
    private static partial Regex PlainText();

    [GeneratedRegex(@"^At most (\d+) characters of plain text: no control, formatting or separator characters, one line\.$")]
    private static partial Regex PlainTextOneLine();

    [GeneratedRegex(@"^At most two decimals \(öre\)\.$")]
    private static partial Regex TwoDecimals();

    [GeneratedRegex(@"^Must not be negative\.$")]
    private static partial Regex NotNegative();

    [GeneratedRegex(@"^Must be above zero\.$")]
    private static partial Regex AboveZero();

    [GeneratedRegex(@"^Must be at most ([\d ,\u00a0]+) SEK in absolute value\.$")]
    private static partial Regex AtMostSek();

    [GeneratedRegex(@"^(?:Must be a|A) date between 2000(?:-01-01)? and 2100(?:-12-31)?\.$")]
    private static partial Regex DateRange();

    [GeneratedRegex(@"^Must not lie in the future\.$")]
    private static partial Regex NotInFuture();

    [GeneratedRegex(@"^Must be one of: (.+)\.$")]
    private static partial Regex OneOf();

    [GeneratedRegex(@"^A staff id(?::.*)?\.$")]
    private static partial Regex StaffId();

    [GeneratedRegex(@"^A score from 1 to 5\.$")]
    private static partial Regex Score();

    [GeneratedRegex(@"^At least (\d+) letters\.$")]
    private static partial Regex AtLeastLetters();

    [GeneratedRegex(@"^Between (\d+) and (\d+)\.$")]
    private static partial Regex Between();

    [GeneratedRegex(@"^The field '.*' is missing, null or has the wrong type or format\.$")]
    private static partial Regex MissingOrWrongFormat();

    [GeneratedRegex(@"^A personnummer or samordningsnummer .*check digit\.$")]
    private static partial Regex IdentityNumber();

    [GeneratedRegex(@"^A phone number: .*\.$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^An e-mail address .*\.$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^The date lies before her enrolment\.$")]
    private static partial Regex BeforeEnrolment();

    [GeneratedRegex(@"^Not before 'from'\.$")]
    private static partial Regex NotBeforeFrom();

    [GeneratedRegex(@"^The group has (\d+) members: its capacity cannot be lower\.$")]
    private static partial Regex CapacityBelowMembers();
}
