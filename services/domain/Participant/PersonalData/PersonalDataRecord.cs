using System.Text.RegularExpressions;

namespace NeemPlatform.Participant.PersonalData;

/// <summary>
/// Everything that identifies a participant directly: identity number, name, contact details, organisation
/// number of her company, and the free-text notes written about her. It lives here and nowhere else (never
/// in an event or a message), so that erasure is one delete. The document id is the participant's id.
/// </summary>
public sealed class PersonalDataRecord
{
    public Guid Id { get; set; }
    public string IdentityNumber { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public string? OrganisationNumber { get; set; }
    public List<PersonalNote> Notes { get; set; } = [];

    /// <summary>The language she is written to in: sv, en or sv-plain (lättläst); null is Swedish.</summary>
    public string? MessageLanguage { get; set; }

    /// <summary>She said no to messages from the programme: none is sent (her history says so).</summary>
    public bool OptedOutOfMessages { get; set; }

    /// <summary>
    /// What later referrals said about her that differs from what is stored: kept here (erasable) for an advisor to
    /// accept or dismiss. A referral never changes her stored data by itself.
    /// </summary>
    public List<PersonalDataProposal> Proposals { get; set; } = [];

    public string FullName => $"{FirstName} {LastName}";

    public string MaskedIdentityNumber => $"{IdentityNumber[..8]}-****";
}

/// <summary>The details one referral gave for a person already known, where they differ from her record (null: the same or not given).</summary>
public sealed record PersonalDataProposal(
    Guid ReferralId, string Source, string? FirstName, string? LastName, string? Phone, string? Email, string? Note, DateTimeOffset ReceivedAt)
{
    /// <summary>What the referral said that differs from the record, or null when nothing does.</summary>
    public static PersonalDataProposal? Between(PersonalDataRecord record, Guid referralId, string source, string firstName, string lastName,
        string? phone, string? email, string? note, DateTimeOffset at)
    {
        string? Differs(string? proposed, string? stored) =>
            string.IsNullOrWhiteSpace(proposed) || string.Equals(proposed.Trim(), stored, StringComparison.Ordinal) ? null : proposed.Trim();

        var proposal = new PersonalDataProposal(referralId, source, Differs(firstName, record.FirstName), Differs(lastName, record.LastName),
            Differs(phone, record.Phone), Differs(email, record.Email), string.IsNullOrWhiteSpace(note) ? null : note.Trim(), at);
        return proposal is { FirstName: null, LastName: null, Phone: null, Email: null, Note: null } ? null : proposal;
    }
}

/// <summary>A free-text note about the participant (referral, interview, decision): it may identify her.</summary>
public sealed record PersonalNote(string Kind, string Text, string WrittenBy, DateTimeOffset WrittenAt);

/// <summary>
/// Recognises a person referred again: the id is the keyed hash of her identity number
/// (<see cref="IdentityKey"/>), never the number itself. Deleted with her personal data on erasure.
/// </summary>
public sealed record IdentityIndex(string Id, Guid ParticipantId);

/// <summary>Validation of the direct identifiers a referral or a registration carries.</summary>
public static partial class PersonalFields
{
    public const int MaxNameLength = 100;
    public const int MaxNoteLength = 2000;

    [GeneratedRegex(@"^\+?[0-9][0-9 \-()]{5,19}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s\p{C}]{1,64}@[^@\s\p{C}]+\.[^@\s\p{C}]{2,}$")]
    private static partial Regex EmailPattern();

    /// <summary>Text a person would type (see <see cref="TextRules.IsPlainText"/>).</summary>
    public static bool IsPlainText(string value, bool multiline = false) => TextRules.IsPlainText(value, multiline);

    public static Validation Name(this Validation v, string? value, string field) =>
        v.Require(!string.IsNullOrWhiteSpace(value) && value.Trim().Length <= MaxNameLength && IsPlainText(value), field,
            $"Required: 1–{MaxNameLength} characters, no control characters.");

    public static Validation Phone(this Validation v, string? value, string field) =>
        v.Require(value is null || PhonePattern().IsMatch(value), field,
            "A phone number: digits, optionally a leading '+', spaces, '-' or parentheses (6–20 characters).");

    public static Validation Email(this Validation v, string? value, string field) =>
        v.Require(value is null || (value.Length <= 254 && EmailPattern().IsMatch(value)), field,
            "An e-mail address (name@domain), at most 254 characters.");

}
