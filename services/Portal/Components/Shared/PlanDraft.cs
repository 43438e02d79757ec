using NeemPlatform.Portal.Api;

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
    public string CompanyForm { get; set; } = "sole-trader";
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
        var f = view.Figures;
        var draft = new PlanDraft
        {
            Idea = view.Texts?.Idea ?? "", ProductOrService = view.Texts?.ProductOrService ?? "", Pricing = view.Texts?.Pricing ?? "",
            MarketAndCompetitors = view.Texts?.MarketAndCompetitors ?? "", Marketing = view.Texts?.Marketing ?? "", CompanyForm = f.CompanyForm,
            Revenues = f.IncomeStatement.Revenues.Select(r => new Line { Label = r.Label, UnitPriceSek = r.UnitPriceSek, Quantity = r.Quantity }).ToList(),
            Costs = f.IncomeStatement.Costs.Select(c => new Line { Label = c.Label, AmountSek = c.AmountSek }).ToList(),
            OpeningBalanceSek = f.LiquidityBudget.OpeningBalanceSek,
            Investments = f.CapitalNeeds.Investments.Select(i => new Line { Label = i.Label, AmountSek = i.AmountSek }).ToList(),
            WorkingCapitalSek = f.CapitalNeeds.WorkingCapitalSek, OwnFundsSek = f.CapitalNeeds.OwnFundsSek
        };
        foreach (var month in f.LiquidityBudget.Months)
        {
            draft.Inflows[month.Month - 1] = month.Inflows.Sum(l => l.AmountSek);
            draft.Outflows[month.Month - 1] = month.Outflows.Sum(l => l.AmountSek);
        }

        return draft;
    }

    /// <summary>The service's command: the months' flows as one inflow and one outflow line each (labels in the staff member's words).</summary>
    public object ToCommand(long expectedVersion, string inflowLabel, string outflowLabel) => new
    {
        idea = Idea, productOrService = ProductOrService, pricing = Pricing, marketAndCompetitors = MarketAndCompetitors, marketing = Marketing,
        companyForm = CompanyForm,
        incomeStatement = new
        {
            revenues = Revenues.Select(r => new { label = r.Label, unitPriceSek = r.UnitPriceSek, quantity = r.Quantity }),
            costs = Costs.Select(c => new { label = c.Label, amountSek = c.AmountSek })
        },
        liquidityBudget = new
        {
            openingBalanceSek = OpeningBalanceSek,
            months = Enumerable.Range(0, 12).Where(m => Inflows[m] != 0 || Outflows[m] != 0).Select(m => new
            {
                month = m + 1,
                inflows = Inflows[m] == 0 ? [] : new[] { new { label = inflowLabel, amountSek = Inflows[m] } },
                outflows = Outflows[m] == 0 ? [] : new[] { new { label = outflowLabel, amountSek = Outflows[m] } }
            })
        },
        capitalNeeds = new
        {
            investments = Investments.Select(i => new { label = i.Label, amountSek = i.AmountSek }),
            workingCapitalSek = WorkingCapitalSek, ownFundsSek = OwnFundsSek
        },
        expectedVersion
    };
}
