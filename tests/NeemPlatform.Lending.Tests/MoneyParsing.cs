using CsCheck;
using NeemPlatform.Hosting;

namespace NeemPlatform.Lending.Tests;

public class when_checking_amounts_of_money
{
    [Fact]
    public void an_amount_is_accepted_exactly_when_it_has_at_most_two_decimals_is_not_negative_and_not_absurd()
    {
        Gen.Select(Gen.Long[-2_000_000_000_000L, 2_000_000_000_000L], Gen.Int[0, 6]).Sample((units, scale) =>
        {
            var magnitude = Math.Abs(units);
            var amount = new decimal((int)(magnitude & 0xFFFFFFFF), (int)(magnitude >> 32), 0, units < 0, (byte)scale);
            var expected = decimal.Round(amount, 2) == amount && amount >= 0 && amount <= 100_000_000m;

            Assert.Equal(expected, new Validation().Sek(amount, "amountSek").IsValid);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("0.01", true)]
    [InlineData("0.001", false)]
    [InlineData("-0.01", false)]
    [InlineData("100000000.00", true)]
    [InlineData("100000000.01", false)]
    [InlineData("12.10", true)]
    public void boundaries(string text, bool valid)
    {
        Assert.Equal(valid, new Validation().Sek(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), "amountSek").IsValid);
    }
}
