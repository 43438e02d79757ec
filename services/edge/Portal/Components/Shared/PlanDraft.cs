using NeemPlatform.Clients.Coaching.Models;

namespace NeemPlatform.Portal.Components.Shared;

/// <summary>
/// The business plan as the advisor edits it, with the totals recomputed as she types. The service stays the authority:
/// it validates and computes the same figures when the draft is saved (exact decimals, the monthly surplus a twelfth of
/// the result rounded to öre).
/// </summary>
public sealed class PlanDraft
{
    public sealed class Line
    {
        public string Label { get; set; } = "";
        public decimal UnitPriceSek { get; set; }
        public decimal Quantity { get; set; } = 1;
        public decimal AmountSek { get; set; }
    }

    public string Idea { get; set; } = "";
    public string ProductOrService { get; set; } = "";
    public string Pricing { get; set; } = "";
    public string MarketAndCompetitors { get; set; } = "";
    public string Marketing { get; set; } = "";
    public DraftBusinessPlan_companyForm CompanyForm { get; set; } = DraftBusinessPlan_companyForm.SoleTrader;
    public List<Line> Revenues { get; set; } = [new()];
    public List<Line> Costs { get; set; } = [new()];
    public decimal OpeningBalanceSek { get; set; }
    public decimal[] Inflows { get; } = new decimal[12];
    public decimal[] Outflows { get; } = new decimal[12];
    public List<Line> Investments { get; set; } = [new()];
    public decimal WorkingCapitalSek { get; set; }
    public decimal OwnFundsSek { get; set; }

    public decimal RevenueSek => Revenues.Sum(r => r.UnitPriceSek * r.Quantity);
    public decimal CostsSek => Costs.Sum(c => c.AmountSek);
    public decimal ResultSek => RevenueSek - CostsSek;
    public decimal MonthlySurplusSek => decimal.Round(ResultSek / 12m, 2, MidpointRounding.AwayFromZero);
    public decimal InvestmentsSek => Investments.Sum(i => i.AmountSek);
    public decimal FinancingNeedSek => Math.Max(0m, InvestmentsSek + WorkingCapitalSek - OwnFundsSek);

    /// <summary>Each month's closing balance, month 1 to 12.</summary>
    public IReadOnlyList<decimal> Balances()
    {
        var balance = OpeningBalanceSek;
        var result = new List<decimal>();
        for (var m = 0; m < 12; m++)
        {
            balance += Inflows[m] - Outflows[m];
            result.Add(balance);
        }

        return result;
    }

    public static PlanDraft From(BusinessPlanView view)
    {
        var f = view.Figures ?? new PlanFigures();
        var draft = new PlanDraft
        {
            Idea = view.Texts?.Idea ?? "",
            ProductOrService = view.Texts?.ProductOrService ?? "",
            Pricing = view.Texts?.Pricing ?? "",
            MarketAndCompetitors = view.Texts?.MarketAndCompetitors ?? "",
            Marketing = view.Texts?.Marketing ?? "",
            CompanyForm = ServiceClients.All<DraftBusinessPlan_companyForm>().FirstOrDefault(c => ServiceClients.Wire(c) == f.CompanyForm),
            Revenues = (f.IncomeStatement?.Revenues ?? []).Select(r => new Line { Label = r.Label ?? "", UnitPriceSek = r.UnitPriceSek ?? 0, Quantity = r.Quantity ?? 0 }).ToList(),
            Costs = Lines(f.IncomeStatement?.Costs),
            OpeningBalanceSek = f.LiquidityBudget?.OpeningBalanceSek ?? 0,
            Investments = Lines(f.CapitalNeeds?.Investments),
            WorkingCapitalSek = f.CapitalNeeds?.WorkingCapitalSek ?? 0,
            OwnFundsSek = f.CapitalNeeds?.OwnFundsSek ?? 0
        };
        foreach (var month in f.LiquidityBudget?.Months ?? [])
        {
            if (month.Month is >= 1 and <= 12 and var m)
            {
                draft.Inflows[m - 1] = (month.Inflows ?? []).Sum(l => l.AmountSek ?? 0);
                draft.Outflows[m - 1] = (month.Outflows ?? []).Sum(l => l.AmountSek ?? 0);
            }
        }

        return draft;
    }

    private static List<Line> Lines(List<AmountLine>? lines) =>
        (lines ?? []).Select(l => new Line { Label = l.Label ?? "", AmountSek = l.AmountSek ?? 0 }).ToList();

    private static List<AmountLine> Amounts(IEnumerable<Line> lines) =>
        lines.Select(l => new AmountLine { Label = l.Label, AmountSek = l.AmountSek }).ToList();

    /// <summary>The service's command: the months' flows as one inflow and one outflow line each (labels in the staff member's words).</summary>
    public DraftBusinessPlan ToCommand(long? expectedVersion, string inflowLabel, string outflowLabel) => new()
    {
        Idea = Idea,
        ProductOrService = ProductOrService,
        Pricing = Pricing,
        MarketAndCompetitors = MarketAndCompetitors,
        Marketing = Marketing,
        CompanyForm = CompanyForm,
        IncomeStatement = new IncomeStatement
        {
            Revenues = Revenues.Select(r => new RevenueLine { Label = r.Label, UnitPriceSek = r.UnitPriceSek, Quantity = r.Quantity }).ToList(),
            Costs = Amounts(Costs)
        },
        LiquidityBudget = new LiquidityBudget
        {
            OpeningBalanceSek = OpeningBalanceSek,
            Months = Enumerable.Range(0, 12).Where(m => Inflows[m] != 0 || Outflows[m] != 0).Select(m => new BudgetMonth
            {
                Month = m + 1,
                Inflows = Inflows[m] == 0 ? [] : [new AmountLine { Label = inflowLabel, AmountSek = Inflows[m] }],
                Outflows = Outflows[m] == 0 ? [] : [new AmountLine { Label = outflowLabel, AmountSek = Outflows[m] }]
            }).ToList()
        },
        CapitalNeeds = new CapitalNeeds { Investments = Amounts(Investments), WorkingCapitalSek = WorkingCapitalSek, OwnFundsSek = OwnFundsSek },
        ExpectedVersion = expectedVersion
    };
}
