namespace NeemPlatform.Participant.PersonalData;

/// <summary>
/// A Swedish organisation number (NNNNNN-NNNN, Luhn check digit). A legal person's has a third digit of 2 or
/// more; a sole trader's company uses her personal identity number, which is why organisation numbers are
/// personal data here and never leave the personal-data record.
/// </summary>
public static class OrganisationNumber
{
    public static bool TryNormalise(string? input, DateOnly today, out string? normalised)
    {
        normalised = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 13)
        {
            return false;
        }

        var digits = input.Trim().Replace("-", "", StringComparison.Ordinal);
        if (digits.Length == 12 && digits.StartsWith("16", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        if (digits.Length == 10 && digits.All(char.IsAsciiDigit) && digits[2] >= '2'
            && SwedishIdentityNumber.LuhnValid(digits))
        {
            normalised = $"{digits[..6]}-{digits[6..]}";
            return true;
        }

        // A sole trader: her identity number is the company's number.
        if (SwedishIdentityNumber.TryParse(input, today, out var person, out _))
        {
            normalised = person!.TwelveDigits;
            return true;
        }

        return false;
    }
}
