using System.Text.RegularExpressions;
using NeemPlatform.Hosting;

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

    public string FullName => $"{FirstName} {LastName}";

    public string MaskedIdentityNumber => $"{IdentityNumber[..8]}-****";
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

    /// <summary>Text a person would type: no control characters (tab and line breaks only where allowed).</summary>
    /// Invisible formatting characters (bidi overrides, zero-width), broken surrogates and U+FFFD are refused too.
    public static bool IsPlainText(string value, bool multiline = false)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            var category = System.Text.Rune.GetUnicodeCategory(rune);
            if ((System.Text.Rune.IsControl(rune) && !(multiline && rune.Value is '\n' or '\r' or '\t'))
                || category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.PrivateUse
                || rune.Value == 0xFFFD) // the replacement character: the text was damaged on its way here
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }

    public static Validation Name(this Validation v, string? value, string field) =>
        v.Require(!string.IsNullOrWhiteSpace(value) && value.Trim().Length <= MaxNameLength && IsPlainText(value), field,
            $"Required: 1–{MaxNameLength} characters, no control characters.");

    public static Validation Phone(this Validation v, string? value, string field) =>
        v.Require(value is null || PhonePattern().IsMatch(value), field,
            "A phone number: digits, optionally a leading '+', spaces, '-' or parentheses (6–20 characters).");

    public static Validation Email(this Validation v, string? value, string field) =>
        v.Require(value is null || (value.Length <= 254 && EmailPattern().IsMatch(value)), field,
            "An e-mail address (name@domain), at most 254 characters.");

    public static Validation Text(this Validation v, string? value, string field, int maxLength, bool required = false,
        bool multiline = false) =>
        v.Require(required ? !string.IsNullOrWhiteSpace(value) : true, field, "Required.")
            .Require(value is null || (value.Length <= maxLength && IsPlainText(value, multiline)), field,
                $"At most {maxLength} characters, no control characters.");
}
