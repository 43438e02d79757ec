using System.Globalization;
using CsCheck;
using NeemPlatform.Participant.PersonalData;

namespace NeemPlatform.Participant.Tests;

public class when_reading_a_swedish_identity_number
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static SwedishIdentityNumber Valid(string input)
    {
        Assert.True(SwedishIdentityNumber.TryParse(input, Today, out var number, out var reason), reason);
        return number!;
    }

    private static string Refused(string input)
    {
        Assert.False(SwedishIdentityNumber.TryParse(input, Today, out _, out var reason), $"{input} was accepted");
        if (input.Trim().Length > 0)
        {
            Assert.DoesNotContain(input.Trim(), reason!);
        }

        return reason!;
    }

    [Theory]
    [InlineData("811218-9876")]
    [InlineData("AF-811218-9876")]
    [InlineData("AF811218-9876")]
    [InlineData("Ärende 19811218 9876")]
    [InlineData("811218_9876")]
    [InlineData("8112.18/9876")]
    [InlineData("ref:198112189876:x")]
    [InlineData("811218+9876")]
    [InlineData("#00811218-9876")]
    public void an_identity_number_is_found_behind_a_prefix_or_between_other_separators(string text) =>
        Assert.True(SwedishIdentityNumber.OccursIn(text, Today), text);

    [Theory]
    [InlineData("AF-2026-00042")]
    [InlineData("TEST-1")]
    [InlineData("811218-9875")] // the wrong check digit: not a number
    [InlineData("AF811218X9876")] // a letter breaks the digits apart
    [InlineData("Ärende 2026/114")]
    public void a_case_number_without_an_identity_number_in_it_is_not_one(string text) =>
        Assert.False(SwedishIdentityNumber.OccursIn(text, Today), text);

    [Theory]
    [InlineData("811218-9876", "198112189876")]
    [InlineData("8112189876", "198112189876")]
    [InlineData("198112189876", "198112189876")]
    [InlineData("19811218-9876", "198112189876")]
    [InlineData(" 811218-9876 ", "198112189876")]
    public void every_written_form_gives_the_same_canonical_number(string input, string twelve)
    {
        Assert.Equal(twelve, Valid(input).TwelveDigits);
    }

    [Fact]
    public void a_ten_digit_number_belongs_to_the_latest_century_that_puts_the_birth_in_the_past()
    {
        Assert.Equal(new DateOnly(2001, 1, 1), Valid(Make(new DateOnly(2001, 1, 1), 123, coordination: false, twelve: false, separator: '-')).BirthDate);
        Assert.Equal(new DateOnly(1927, 12, 1), Valid(Make(new DateOnly(1927, 12, 1), 123, coordination: false, twelve: false, separator: '-')).BirthDate);
    }

    [Fact]
    public void the_plus_sign_means_aged_one_hundred_or_more_and_only_in_the_ten_digit_form()
    {
        var centenarian = Make(new DateOnly(1920, 5, 5), 123, coordination: false, twelve: false, separator: '+');
        Assert.Equal(new DateOnly(1920, 5, 5), Valid(centenarian).BirthDate);

        // '+' reads the date a century earlier: 300505+NNNC is someone born in 1830.
        Assert.Contains("120 years", Refused(Make(new DateOnly(1930, 5, 5), 123, false, false, '+')));
        Assert.Contains("10-digit form", Refused(Make(new DateOnly(1920, 5, 5), 123, false, true, '-').Replace('-', '+')));
    }

    [Fact]
    public void a_coordination_number_is_the_birth_day_plus_sixty()
    {
        var number = Valid(Make(new DateOnly(1990, 2, 28), 456, coordination: true, twelve: true, separator: null));

        Assert.True(number.IsCoordinationNumber);
        Assert.Equal(new DateOnly(1990, 2, 28), number.BirthDate);
        Assert.Equal("19900288", number.TwelveDigits[..8]);
    }

    [Theory]
    [InlineData(2000, true)]
    [InlineData(2004, true)]
    [InlineData(1900, false)]
    [InlineData(2023, false)]
    public void the_twenty_ninth_of_february_exists_in_leap_years_only(int year, bool exists)
    {
        var input = $"{year:D4}0229" + "123";
        input += SwedishIdentityNumber.LuhnCheckDigit(input[2..]).ToString(CultureInfo.InvariantCulture);

        Assert.Equal(exists, SwedishIdentityNumber.TryParse(input, Today, out _, out _));
    }

    [Theory]
    [InlineData("19811318", "month")]
    [InlineData("19810431", "date")]
    [InlineData("19810192", "date")]
    [InlineData("20270101", "future")]
    [InlineData("18990101", "120 years")]
    public void impossible_dates_are_refused_with_the_reason(string date, string reason)
    {
        var nine = date[2..] + "123";
        var input = date + "123" + SwedishIdentityNumber.LuhnCheckDigit(nine).ToString(CultureInfo.InvariantCulture);

        Assert.Contains(reason, Refused(input));
    }

    [Theory]
    [InlineData("811218-9877", "check digit")]
    [InlineData("811218-0008", "000")]
    [InlineData("81121-89876", "10 or 12 digits")]
    [InlineData("811218_9876", "10 or 12 digits")]
    [InlineData("8112189876123", "10 or 12 digits")]
    [InlineData("abcdefghij", "10 or 12 digits")]
    [InlineData("", "Required")]
    public void malformed_numbers_are_refused_without_echoing_them(string input, string reason)
    {
        Assert.Contains(reason, Refused(input));
    }

    [Fact]
    public void masking_keeps_only_the_birth_date()
    {
        Assert.Equal("19811218-****", Valid("811218-9876").Masked);
        Assert.Equal("19811218-****", Valid("811218-9876").ToString());
    }

    // Property tests: every generated valid number is accepted in every written form; every change of a
    // single digit of a valid number is refused.

    private static readonly DateOnly MinBirth = Today.AddYears(-SwedishIdentityNumber.MaximumAgeInYears);
    private static readonly DateOnly MaxBirth = Today;

    private static readonly Gen<(DateOnly Birth, int BirthNumber, bool Coordination)> Numbers =
        Gen.Select(Gen.Int[1, (MaxBirth.DayNumber - MinBirth.DayNumber)], Gen.Int[1, 999], Gen.Bool,
            (offset, birthNumber, coordination) => (DateOnly.FromDayNumber(MinBirth.DayNumber + offset), birthNumber, coordination));


    [Fact]
    public void generated_valid_numbers_are_accepted_in_every_form()
    {
        Numbers.Sample(n =>
        {
            var age = Today.Year - n.Birth.Year - (n.Birth.AddYears(Today.Year - n.Birth.Year) > Today ? 1 : 0);
            foreach (var input in new[]
                     {
                         Make(n.Birth, n.BirthNumber, n.Coordination, twelve: true, separator: null),
                         Make(n.Birth, n.BirthNumber, n.Coordination, twelve: true, separator: '-'),
                         Make(n.Birth, n.BirthNumber, n.Coordination, twelve: false, separator: age >= 100 ? '+' : '-'),
                     })
            {
                if (!SwedishIdentityNumber.TryParse(input, Today, out var number, out var reason))
                {
                    return false;
                }

                if (number!.BirthDate != n.Birth || number.IsCoordinationNumber != n.Coordination)
                {
                    return false;
                }
            }

            return true;
        }, iter: 20_000);
    }

    [Fact]
    public void every_single_digit_change_of_a_valid_number_is_refused()
    {
        Gen.Select(Numbers, Gen.Bool).Sample((n, twelve) =>
        {
            var valid = Make(n.Birth, n.BirthNumber, n.Coordination, twelve, separator: null);
            for (var position = 0; position < valid.Length; position++)
            {
                for (var digit = '0'; digit <= '9'; digit++)
                {
                    if (valid[position] == digit)
                    {
                        continue;
                    }

                    var changed = valid[..position] + digit + valid[(position + 1)..];
                    if (SwedishIdentityNumber.TryParse(changed, Today, out _, out _))
                    {
                        return false;
                    }
                }
            }

            return true;
        }, iter: 5_000);
    }

    [Fact]
    public void the_same_person_in_any_written_form_has_one_identity_key_and_other_people_other_keys()
    {
        var key = new IdentityKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var otherSecret = new IdentityKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

        Assert.Equal(key.Of(Valid("811218-9876")), key.Of(Valid("198112189876")));
        Assert.NotEqual(key.Of(Valid("811218-9876")), key.Of(Valid(Make(new DateOnly(1981, 12, 18), 988, false, false, '-'))));
        Assert.NotEqual(key.Of(Valid("811218-9876")), otherSecret.Of(Valid("811218-9876")));
        Assert.DoesNotContain("9876", key.Of(Valid("811218-9876")), StringComparison.Ordinal);
    }

    private static string Make(DateOnly birth, int birthNumber, bool coordination, bool twelve, char? separator) =>
        People.Number(birth, birthNumber, coordination, twelve, separator);
}
