using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NeemPlatform.Lending.Loans;

// The platform's benchmark command (not part of the test suite):
//   dotnet run -c Release --project tests/NeemPlatform.Benchmarks -- [schedules] [--out results.json]
// It grows with the benchmark issue; today it measures schedule generation.
var outFile = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "benchmark-results.json";
var results = new List<Result>();

results.Add(Schedules(10_000));

Console.WriteLine();
Console.WriteLine($"{"measure",-44} {"value",14} {"unit",-12}");
foreach (var r in results)
{
    Console.WriteLine($"{r.Measure,-44} {r.Value,14:N0} {r.Unit,-12}");
}

File.WriteAllText(outFile, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"written to {Path.GetFullPath(outFile)}");
return 0;

// 10 000 loans of every amortisation type, 6–60 months, some with grace, generated and checked (principal sums
// to the amount) five times after a warm-up; the median run counts.
static Result Schedules(int loans)
{
    var terms = Enumerable.Range(0, loans).Select(i => new LoanTerms(5_000m + i * 7.13m, 3m + i % 17, 6 + i % 55, i % 4 == 0 ? 2 : 0,
        i % 4 == 0 ? (i % 8 == 0 ? GraceType.InterestOnly : GraceType.NoPayment) : GraceType.None, Amortisation.All[i % 3], i % 3 * 100m, 25m,
        new DateOnly(2026, 1, 1).AddDays(i % 365))).ToList();
    long instalments = 0;
    void Run()
    {
        foreach (var t in terms)
        {
            var schedule = ScheduleCalculator.Generate(t);
            instalments += schedule.Count;
            if (schedule.Sum(s => s.PrincipalSek) != t.AmountSek)
            {
                throw new InvalidOperationException($"principal does not add up for {t}");
            }
        }
    }

    Run();
    var runs = new List<double>();
    for (var r = 0; r < 5; r++)
    {
        var clock = Stopwatch.StartNew();
        Run();
        runs.Add(clock.Elapsed.TotalSeconds);
    }

    runs.Sort();
    var median = runs[2];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"schedules: {loans} loans, {instalments / 6} instalments per run, runs {string.Join(" ", runs.Select(x => $"{x * 1000:0}ms"))}"));
    return new Result($"schedules generated ({loans:N0} loans)", loans / median, "loans/s", median);
}

internal sealed record Result(string Measure, double Value, string Unit, double MedianSeconds);
