namespace NeemPlatform.Coaching.BusinessPlans;

// The business plan's figures, in exact decimal SEK. Sums are exact; rounding to öre happens only where a
// figure is shown or sent on (the expected monthly surplus is a twelfth of the annual result).

/// <summary>A revenue line of the annual income statement: unit price × quantity.</summary>
public sealed record RevenueLine(string Label, decimal UnitPriceSek, decimal Quantity)
{
    public decimal AmountSek => UnitPriceSek * Quantity;
}

/// <summary>A cost, investment or cash line: an amount in SEK.</summary>
public sealed record AmountLine(string Label, decimal AmountSek);

/// <summary>The first year's income statement.</summary>
public sealed record IncomeStatement(IReadOnlyList<RevenueLine> Revenues, IReadOnlyList<AmountLine> Costs)
{
    public decimal RevenueSek => Revenues.Sum(r => r.AmountSek);
    public decimal CostsSek => Costs.Sum(c => c.AmountSek);
    public decimal ResultSek => RevenueSek - CostsSek;

    /// <summary>The expected monthly surplus: a twelfth of the annual result, to the öre.</summary>
    public decimal MonthlySurplusSek => Money.Ore(ResultSek / 12m);
}

/// <summary>One month (1–12) of the liquidity budget.</summary>
public sealed record BudgetMonth(int Month, IReadOnlyList<AmountLine> Inflows, IReadOnlyList<AmountLine> Outflows)
{
    public decimal InflowSek => Inflows.Sum(l => l.AmountSek);
    public decimal OutflowSek => Outflows.Sum(l => l.AmountSek);
    public decimal NetSek => InflowSek - OutflowSek;
}

/// <summary>A 12-month liquidity budget from an opening balance.</summary>
public sealed record LiquidityBudget(decimal OpeningBalanceSek, IReadOnlyList<BudgetMonth> Months)
{
    /// <summary>Each month's closing balance, month 1 to 12 (a month left out has no flows).</summary>
    public IReadOnlyList<MonthBalance> Balances()
    {
        var balance = OpeningBalanceSek;
        var result = new List<MonthBalance>();
        for (var month = 1; month <= 12; month++)
        {
            var m = Months.FirstOrDefault(x => x.Month == month);
            var inflow = m?.InflowSek ?? 0m;
            var outflow = m?.OutflowSek ?? 0m;
            balance += inflow - outflow;
            result.Add(new MonthBalance(month, inflow, outflow, balance));
        }

        return result;
    }

    public MonthBalance Lowest => Balances().MinBy(b => b.ClosingBalanceSek)!;
}

public sealed record MonthBalance(int Month, decimal InflowSek, decimal OutflowSek, decimal ClosingBalanceSek);

/// <summary>Capital needs: investments plus working capital minus own funds gives the financing need.</summary>
public sealed record CapitalNeeds(IReadOnlyList<AmountLine> Investments, decimal WorkingCapitalSek, decimal OwnFundsSek)
{
    public decimal InvestmentsSek => Investments.Sum(i => i.AmountSek);

    /// <summary>What she needs to borrow; never below zero (own funds may cover everything).</summary>
    public decimal FinancingNeedSek => Math.Max(0m, InvestmentsSek + WorkingCapitalSek - OwnFundsSek);
}

/// <summary>The figures of a business plan.</summary>
public sealed record PlanFigures(string CompanyForm, IncomeStatement IncomeStatement, LiquidityBudget LiquidityBudget, CapitalNeeds CapitalNeeds)
{
    public static readonly IReadOnlyList<string> CompanyForms =
        ["sole-trader", "trading-partnership", "limited-company", "economic-association", "non-profit-association"];

    public const int MaxLines = 50;

    /// <summary>The same figures with every line's label erased (her erasure: a label may name her or a person she knows).</summary>
    public PlanFigures WithoutLabels()
    {
        static List<AmountLine> Blank(IEnumerable<AmountLine> lines) => lines.Select(l => l with { Label = Erasure.Placeholder }).ToList();
        return this with
        {
            IncomeStatement = new IncomeStatement(IncomeStatement.Revenues.Select(r => r with { Label = Erasure.Placeholder }).ToList(),
                Blank(IncomeStatement.Costs)),
            LiquidityBudget = LiquidityBudget with
            {
                Months = LiquidityBudget.Months.Select(m => m with { Inflows = Blank(m.Inflows), Outflows = Blank(m.Outflows) }).ToList()
            },
            CapitalNeeds = CapitalNeeds with { Investments = Blank(CapitalNeeds.Investments) }
        };
    }

    /// <summary>Every figure that cannot be right, by its JSON path.</summary>
    public Validation Validate(Validation v)
    {
        v.OneOf(CompanyForm, CompanyForms, "companyForm");
        Lines(v, IncomeStatement.Costs, "incomeStatement.costs");
        v.Require(IncomeStatement.Revenues.Count <= MaxLines, "incomeStatement.revenues", $"At most {MaxLines} lines.");
        for (var i = 0; i < IncomeStatement.Revenues.Count; i++)
        {
            var r = IncomeStatement.Revenues[i];
            var f = $"incomeStatement.revenues[{i}]";
            Label(v, r.Label, f + ".label");
            v.Sek(r.UnitPriceSek, f + ".unitPriceSek", max: 10_000_000m)
                .Require(r.Quantity >= 0, f + ".quantity", "Must not be negative.")
                .Require(r.Quantity <= 1_000_000 && decimal.Round(r.Quantity, 3) == r.Quantity, f + ".quantity",
                    "At most 1,000,000, with at most three decimals.");
        }

        v.Sek(LiquidityBudget.OpeningBalanceSek, "liquidityBudget.openingBalanceSek", allowNegative: true, max: 10_000_000m)
            .Require(LiquidityBudget.Months.Count <= 12, "liquidityBudget.months", "At most 12 months.");
        for (var i = 0; i < LiquidityBudget.Months.Count; i++)
        {
            var m = LiquidityBudget.Months[i];
            var f = $"liquidityBudget.months[{i}]";
            v.Require(m.Month is >= 1 and <= 12, f + ".month", "A month of the plan: 1 to 12.")
                .Require(LiquidityBudget.Months.Count(x => x.Month == m.Month) == 1, f + ".month", "Each month once.");
            Lines(v, m.Inflows, f + ".inflows");
            Lines(v, m.Outflows, f + ".outflows");
        }

        Lines(v, CapitalNeeds.Investments, "capitalNeeds.investments");
        return v.Sek(CapitalNeeds.WorkingCapitalSek, "capitalNeeds.workingCapitalSek", max: 10_000_000m)
            .Sek(CapitalNeeds.OwnFundsSek, "capitalNeeds.ownFundsSek", max: 10_000_000m);
    }

    private static void Lines(Validation v, IReadOnlyList<AmountLine> lines, string field)
    {
        v.Require(lines.Count <= MaxLines, field, $"At most {MaxLines} lines.");
        for (var i = 0; i < lines.Count; i++)
        {
            Label(v, lines[i].Label, $"{field}[{i}].label");
            v.Sek(lines[i].AmountSek, $"{field}[{i}].amountSek", max: 10_000_000m);
        }
    }

    private static void Label(Validation v, string? label, string field) =>
        v.Text(label, field, 60, required: true);
}

public static class Money
{
    /// <summary>Rounded to öre, half away from zero (as shown on a Swedish invoice).</summary>
    public static decimal Ore(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
}
