namespace NeemPlatform.Participant.PersonalData;

/// <summary>
/// A Swedish personal identity number (personnummer) or coordination number (samordningsnummer), parsed
/// exactly: 10 digits (YYMMDD-NNNC, with '-' or '+' or no separator) or 12 digits (YYYYMMDDNNNC, with '-' or
/// no separator). The date must exist (leap years included; a coordination number's day is the birth day
/// + 60), lie in the past, and be less than 120 years ago; '+' (aged 100 or more: the date is read a
/// century earlier) is allowed only in the 10-digit form; the birth number is not 000; the last digit is the Luhn check digit over YYMMDDNNN.
/// The number itself never appears in a refusal's reason: the reasons may be shown to partners and logged.
/// </summary>
public sealed record SwedishIdentityNumber
{
    public const int MaximumAgeInYears = 120;

    private SwedishIdentityNumber(string twelveDigits, DateOnly birthDate, bool isCoordinationNumber)
    {
        TwelveDigits = twelveDigits;
        BirthDate = birthDate;
        IsCoordinationNumber = isCoordinationNumber;
    }

    /// <summary>The canonical form, YYYYMMDDNNNC: the one form that is hashed and stored.</summary>
    public string TwelveDigits { get; }

    public DateOnly BirthDate { get; }

    public bool IsCoordinationNumber { get; }

    /// <summary>Masked for lists: YYYYMMDD-****.</summary>
    public string Masked => $"{TwelveDigits[..8]}-****";

    public override string ToString() => Masked;

    /// <summary>Parses <paramref name="input"/> as of <paramref name="today"/> (the century of a 10-digit number depends on it).</summary>
    public static bool TryParse(string? input, DateOnly today, out SwedishIdentityNumber? number, out string? reason)
    {
        number = null;
        reason = Check(input, today, ref number);
        return reason is null;
    }

    /// <summary>
    /// Whether a valid identity number stands anywhere in <paramref name="text"/>: behind a prefix ("AF-19850314-2120"), with
    /// any separators between its digits ("850314 2120", "8503.14/2120") or none. Digits joined by anything but a letter are
    /// read as one run, and every 10- and 12-digit stretch of a run is tried.
    /// </summary>
    public static bool OccursIn(string text, DateOnly today)
    {
        var run = new System.Text.StringBuilder();
        foreach (var c in text.Append(' ').Append('x'))
        {
            if (char.IsAsciiDigit(c))
            {
                run.Append(c);
            }
            else if (char.IsLetter(c))
            {
                if (ContainsNumber(run.ToString(), today))
                {
                    return true;
                }

                run.Clear();
            }
        }

        return false;
    }

    private static bool ContainsNumber(string digits, DateOnly today)
    {
        foreach (var length in new[] { 10, 12 })
        {
            for (var start = 0; start + length <= digits.Length; start++)
            {
                if (TryParse(digits.Substring(start, length), today, out _, out _))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string? Check(string? input, DateOnly today, ref SwedishIdentityNumber? number)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "Required.";
        }

        var text = input.Trim();
        if (text.Length > 13)
        {
            return "Must be 10 or 12 digits, optionally with '-' (or '+' for the 10-digit form of people aged 100 or more) before the last four.";
        }

        char? separator = null;
        string digits;
        if (text.Length is 11 or 13 && text[^5] is '-' or '+')
        {
            separator = text[^5];
            digits = string.Concat(text.AsSpan(0, text.Length - 5), text.AsSpan(text.Length - 4));
        }
        else
        {
            digits = text;
        }

        if (!digits.All(char.IsAsciiDigit) || digits.Length is not (10 or 12))
        {
            return "Must be 10 or 12 digits, optionally with '-' (or '+' for the 10-digit form of people aged 100 or more) before the last four.";
        }

        if (digits.Length == 12 && separator == '+')
        {
            return "The '+' separator is only used in the 10-digit form.";
        }

        var ten = digits.Length == 12 ? digits[2..] : digits;
        var month = int.Parse(ten.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var dayField = int.Parse(ten.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var isCoordination = dayField > 60;
        var day = isCoordination ? dayField - 60 : dayField;

        if (ten.AsSpan(6, 3).SequenceEqual("000"))
        {
            return "The birth number (the three digits after the date) must not be 000.";
        }

        if (!LuhnValid(ten))
        {
            return "The check digit does not match.";
        }

        if (month is < 1 or > 12)
        {
            return "The month is not valid.";
        }

        int year;
        if (digits.Length == 12)
        {
            year = int.Parse(digits.AsSpan(0, 4), CultureInfo.InvariantCulture);
        }
        else
        {
            var yy = int.Parse(ten.AsSpan(0, 2), CultureInfo.InvariantCulture);
            // The latest year ending in YY whose date is not in the future; '+' means 100 years earlier.
            year = today.Year - ((today.Year - yy) % 100 + 100) % 100;
            if (year < 1 || (day >= 1 && day <= DaysIn(year, month) && new DateOnly(year, month, day) > today))
            {
                year -= 100;
            }

            if (separator == '+')
            {
                year -= 100;
            }
        }

        if (year < 1 || day < 1 || day > DaysIn(year, month))
        {
            return isCoordination
                ? "The date is not valid (a coordination number's day is the birth day + 60)."
                : "The date is not valid.";
        }

        var birthDate = new DateOnly(year, month, day);
        if (birthDate > today)
        {
            return "The birth date lies in the future.";
        }

        if (birthDate <= today.AddYears(-MaximumAgeInYears))
        {
            return $"The birth date is more than {MaximumAgeInYears} years ago.";
        }

        number = new SwedishIdentityNumber(birthDate.Year.ToString("D4", CultureInfo.InvariantCulture)[..2] + ten, birthDate, isCoordination);
        return null;
    }

    private static int DaysIn(int year, int month) => year is >= 1 and <= 9999 ? DateTime.DaysInMonth(year, month) : 0;

    /// <summary>Luhn over the ten digits YYMMDDNNNC: doubled from the first, digits of products summed.</summary>
    public static bool LuhnValid(string tenDigits) => LuhnCheckDigit(tenDigits[..9]) == tenDigits[9] - '0';

    public static int LuhnCheckDigit(string nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var value = (nineDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += value > 9 ? value - 9 : value;
        }

        return (10 - sum % 10) % 10;
    }
}
