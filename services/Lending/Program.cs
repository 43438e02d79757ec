using NeemPlatform.Hosting;
using NeemPlatform.Lending.CreditFiles;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("lending", typeof(Program).Assembly),
    marten => marten.ConfigureCreditFiles());

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Lending service: loan products, approvals, schedules, repayments, arrears and credit history.</summary>
public partial class Program;
