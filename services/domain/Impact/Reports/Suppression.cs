namespace NeemPlatform.Impact.Reports;

/// <summary>
/// Statistical disclosure control for every table of counts by personal attributes open to a role below region manager.
/// Primary: a cell of 1–4 people is hidden ("&lt;5"). Secondary: wherever a line of the table (all cells that share every
/// attribute but one, or the whole table) hides exactly one cell, the smallest visible cell of that line is hidden too
/// ("suppressed"), so the line's total, known from a coarser table or the indicators, never gives a hidden cell back by
/// subtraction. Repeated until no line hides exactly one cell.
/// </summary>
public static class Suppression
{
    public const int Threshold = 5;
    public const string Small = "<5";
    public const string Hidden = "suppressed";

    /// <summary>Each cell's shown value, in the order given: its count, "&lt;5" or "suppressed".</summary>
    public static IReadOnlyList<string> Apply(IReadOnlyList<(IReadOnlyList<string> Keys, int Count)> cells)
    {
        var shown = cells.Select(c => c.Count is > 0 and < Threshold ? Small : null).ToArray();
        var dimensions = cells.Count == 0 ? 0 : cells[0].Keys.Count;
        var lines = Enumerable.Range(0, dimensions)
            .SelectMany(d => Enumerable.Range(0, cells.Count)
                .GroupBy(i => string.Join('\u001f', cells[i].Keys.Where((_, k) => k != d)))
                .Select(g => g.ToList()))
            .Append(Enumerable.Range(0, cells.Count).ToList())
            .ToList();
        // A cell alone in one of its lines cannot be protected there: a coarser table would show its value.
        var alone = lines.Where(l => l.Count == 1).Select(l => l[0]).ToHashSet();
        bool changed;
        do
        {
            changed = false;
            foreach (var line in lines.Where(l => l.Count(i => shown[i] is not null) == 1))
            {
                var next = line.Where(i => shown[i] is null).OrderBy(i => alone.Contains(i)).ThenBy(i => cells[i].Count).ThenBy(i => i)
                    .Cast<int?>().FirstOrDefault();
                if (next is { } n)
                {
                    shown[n] = Hidden;
                    changed = true;
                }
            }
        }
        while (changed);

        // A cell hidden only to protect another, but alone in a line, would be given back by a coarser table: then the
        // table has no safe pattern and every cell is hidden.
        if (lines.Any(l => l.Count == 1 && shown[l[0]] == Hidden))
        {
            return cells.Select((_, i) => shown[i] ?? Hidden).Select(v => v == Small ? Small : Hidden).ToList();
        }

        return cells.Select((c, i) => shown[i] ?? c.Count.ToString(CultureInfo.InvariantCulture)).ToList();
    }
}
