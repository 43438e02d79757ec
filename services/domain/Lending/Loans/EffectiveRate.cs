namespace NeemPlatform.Lending.Loans;

/// <summary>
/// The effective annual interest rate as the EU consumer-credit directive defines it (2008/48/EC, Annex I):
/// the annual rate X at which the drawdowns equal the present value of every repayment and charge,
/// Σ C_k (1 + X)^−t_k = Σ D_l (1 + X)^−s_l, with time in years and a month counted as 1/12 year.
/// Shown in percent with two decimals.
/// </summary>
public static class EffectiveRate
{
    /// <param name="drawdown">The amount paid out at time 0.</param>
    /// <param name="payments">Each payment with its month number (1 = one month after the drawdown).</param>
    /// <returns>The rate, or null when no rate between −99 % and 10 000 % solves the equation (no offer may state one then).</returns>
    public static decimal? AnnualPercent(decimal drawdown, IReadOnlyList<(int Month, decimal Amount)> payments)
    {
        if (payments.Count == 0 || drawdown <= 0)
        {
            return null;
        }

        double PresentValue(double x) => payments.Sum(p => (double)p.Amount * Math.Pow(1 + x, -p.Month / 12.0)) - (double)drawdown;

        // The present value falls as the rate rises: bisect between −99 % and 10 000 %.
        double low = -0.99, high = 100;
        if (PresentValue(low) < 0 || PresentValue(high) > 0)
        {
            return null;
        }

        for (var step = 0; step < 200 && high - low > 1e-12; step++)
        {
            var mid = (low + high) / 2;
            if (PresentValue(mid) > 0)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        if (high - low > 1e-9)
        {
            return null;
        }

        return decimal.Round((decimal)((low + high) / 2 * 100), 2, MidpointRounding.AwayFromZero);
    }

    public static decimal? Of(decimal amount, IReadOnlyList<Instalment> schedule, DateOnly disbursedOn) =>
        AnnualPercent(amount, schedule.Select(s => (Months(disbursedOn, s.DueOn), s.TotalSek)).ToList());

    private static int Months(DateOnly from, DateOnly to) => (to.Year - from.Year) * 12 + to.Month - from.Month;
}
