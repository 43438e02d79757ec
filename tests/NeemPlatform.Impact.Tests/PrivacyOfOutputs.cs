using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NeemPlatform.Contracts;
using NeemPlatform.Impact.Reports;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Impact.Tests;

public class when_small_counts_are_suppressed
{
    private static (IReadOnlyList<string>, int) Cell(string gender, string background, int count) => ([gender, background], count);

    [Fact]
    public void a_lone_small_cell_takes_the_smallest_visible_cell_of_its_row_and_column_with_it()
    {
        var shown = Suppression.Apply([
            Cell("female", "yes", 40), Cell("female", "no", 3),
            Cell("male", "yes", 9), Cell("male", "no", 12)
        ]);

        // female/no (3) is hidden; its row (female) and its column (no) would give it back: female/yes and male/no go too,
        // then male/yes is the last visible cell of its row and column and follows.
        Assert.Equal(["suppressed", "<5", "suppressed", "suppressed"], shown);
    }

    [Fact]
    public void two_small_cells_in_a_line_protect_each_other_and_large_tables_stay_visible()
    {
        var shown = Suppression.Apply([Cell("female", "yes", 2), Cell("female", "no", 4), Cell("male", "yes", 30), Cell("male", "no", 30)]);

        Assert.Equal("<5", shown[0]);
        Assert.Equal("<5", shown[1]);
        Assert.All(shown, s => Assert.NotEqual("2", s));
        Assert.Equal(["10", "20", "30"], Suppression.Apply([Cell("a", "x", 10), Cell("b", "x", 20), Cell("c", "x", 30)]));
    }

    [Fact]
    public void no_hidden_cell_can_be_recovered_from_a_line_total()
    {
        var random = new Random(7);
        for (var run = 0; run < 500; run++)
        {
            var cells = new List<(IReadOnlyList<string>, int)>();
            foreach (var g in new[] { "f", "m", "o" })
            {
                foreach (var b in new[] { "y", "n" })
                {
                    foreach (var a in new[] { "18-29", "30-39" })
                    {
                        if (random.Next(4) > 0)
                        {
                            cells.Add(([g, b, a], random.Next(1, 12)));
                        }
                    }
                }
            }

            var shown = Suppression.Apply(cells);
            // In every line (all but one attribute equal) and in the whole table, never exactly one cell hidden, unless it is
            // the line's only cell and itself small (a coarser table hides it too); small cells never show their count.
            for (var d = 0; d <= 3; d++)
            {
                var lines = Enumerable.Range(0, cells.Count)
                    .GroupBy(i => d == 3 ? "" : string.Join('|', cells[i].Item1.Where((_, k) => k != d)));
                Assert.All(lines.Where(l => l.Count() > 1), line => Assert.NotEqual(1, line.Count(i => shown[i] is "<5" or "suppressed")));
                // A lone cell hidden only to protect another would be given back by a coarser table: then all is hidden.
                Assert.All(lines.Where(l => l.Count() == 1 && shown[l.First()] == "suppressed"),
                    _ => Assert.All(shown, v => Assert.Contains(v, new[] { "<5", "suppressed" })));
            }

            Assert.All(cells.Select((c, i) => (c.Item2, shown[i])).Where(x => x.Item1 < 5), x => Assert.Contains(x.Item2, new[] { "<5", "suppressed" }));
        }
    }
}

public class when_outputs_leave_the_region_managers(ImpactService service) : IClassFixture<ImpactService>
{
    [Fact]
    public async Task the_funder_report_is_exact_for_a_region_manager_and_suppressed_for_everyone_else()
    {
        var joined = new DateOnly(2021, 5, 1);
        for (var i = 0; i < 7; i++)
        {
            foreach (var fact in Facts.Journey(Guid.NewGuid(), "female", true, joined))
            {
                await service.ThroughQueuesAsync(fact);
            }
        }

        foreach (var fact in Facts.Journey(Guid.NewGuid(), "male", false, joined))
        {
            await service.ThroughQueuesAsync(fact);
        }

        const string period = "/api/reports/participants.csv?from=2021-01-01&to=2021-12-31";
        var exact = await service.StaffClient("region-manager").GetStringAsync(period);
        var advisor = await service.StaffClient("advisor").GetStringAsync(period);
        var researcher = await service.StaffClient("researcher").GetStringAsync(period);

        Assert.Contains("entered,stockholm,male,no,30-39,", exact);
        Assert.EndsWith(",1", exact.Split('\n').Single(l => l.Contains("entered,stockholm,male,no", StringComparison.Ordinal)));
        foreach (var csv in new[] { advisor, researcher })
        {
            var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(l => l.Contains(",entered,", StringComparison.Ordinal)).ToList();
            Assert.EndsWith(",<5", rows.Single(l => l.Contains("male,no", StringComparison.Ordinal) && !l.Contains("female", StringComparison.Ordinal)));
            Assert.EndsWith(",suppressed", rows.Single(l => l.Contains("female,yes", StringComparison.Ordinal)));
            Assert.DoesNotContain(",7", csv);
        }
    }

    [Fact]
    public async Task research_exports_carry_no_staff_id_and_a_researcher_cannot_read_a_participant_under_her_real_id()
    {
        var borrower = Guid.NewGuid();
        foreach (var fact in Facts.Journey(borrower, "female", true, new DateOnly(2020, 2, 1)))
        {
            await service.ThroughQueuesAsync(fact);
        }

        await service.ThroughQueuesAsync(new LoanDisbursed(Guid.NewGuid(), Guid.NewGuid(), borrower, "stockholm", 25_000m, 12, new DateOnly(2020, 4, 30),
            new DateOnly(2020, 3, 31), "officer-olle-lindqvist", Facts.At));
        var researcher = service.StaffClient("researcher");
        var study = await (await researcher.PostAsJsonAsync("/api/research/studies", new { name = "Loans 2020" })).Content.ReadFromJsonAsync<JsonElement>();
        var studyId = study.GetProperty("id").GetGuid();

        var ndjson = await researcher.GetStringAsync($"/api/research/studies/{studyId}/history?from=2020-01-01&to=2020-12-31");
        var csv = await researcher.GetStringAsync($"/api/research/studies/{studyId}/history?from=2020-01-01&to=2020-12-31&format=csv");
        var history = await researcher.GetAsync($"/api/mis/participants/{borrower}");

        Assert.Contains("disbursed", ndjson);
        Assert.DoesNotContain("officer-olle-lindqvist", ndjson);
        Assert.DoesNotContain("officer-olle-lindqvist", csv);
        Assert.Equal(HttpStatusCode.Forbidden, history.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.StaffClient("advisor").GetAsync($"/api/mis/participants/{borrower}")).StatusCode);
    }
}
