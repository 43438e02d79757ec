using System.Diagnostics;
using System.Globalization;
using NeemPlatform.Lending.Loans;

namespace NeemPlatform.Benchmarks;

/// <summary>
/// How noisy the machine was during a run: the same fixed piece of work (2 000 loans' schedules, one core) timed seven times at the
/// start and seven at the end. The spread, (slowest − fastest) / median, says how far one figure of this run can move for reasons
/// that are not the code: a ratio to a baseline measured in the same run moves far less.
/// </summary>
internal static class Noise
{
    public static IEnumerable<double> Probe()
    {
        var terms = Enumerable.Range(0, 2_000).Select(i => new LoanTerms(20_000m + i, 5m, 36, 0, GraceType.None, Amortisation.All[i % 3], 0m, 25m,
            new DateOnly(2026, 1, 1))).ToList();
        var times = new List<double>();
        for (var run = 0; run < 10; run++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var t in terms)
            {
                _ = ScheduleCalculator.Generate(t);
            }

            if (run >= 3) // the first three warm up (the JIT's tiers)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }

    public static Result Spread(List<double> times)
    {
        var sorted = times.Order().ToList();
        var median = sorted[sorted.Count / 2];
        var spread = (sorted[^1] - sorted[0]) / median * 100;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"noise: the fixed work took {sorted[0]:0.0}–{sorted[^1]:0.0} ms (median {median:0.0}) over {times.Count} timings at the start and end"));
        return new Result($"machine noise: spread of a fixed piece of work, {sorted[0]:0.0}–{sorted[^1]:0.0} ms", spread, "% of median", null, 0);
    }
}
