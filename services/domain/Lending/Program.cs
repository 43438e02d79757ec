using NeemPlatform.Lending.Loans.Arrears;
using NeemPlatform.Lending.Statements;

var builder = WebApplication.CreateBuilder(args);

builder.AddNeemService(new NeemService("lending", typeof(Program).Assembly, NeemPlatform.Lending.LendingEndpoints.Groups),
    marten => marten.ConfigureCreditFiles().ConfigureLoans());
var statementKey = builder.Configuration["Neem:Lending:StatementKey"]
                   ?? throw new InvalidOperationException("Neem:Lending:StatementKey is not set: a base64 secret of 32+ bytes that signs credit statements.");
builder.Services.AddSingleton(new StatementKey(Convert.FromBase64String(statementKey)));
builder.Services.AddHostedService<DailyArrearsJob>();
builder.Services.AddHostedService<StandingBackfill>();
builder.Services.AddStatementVerificationLimit(builder.Configuration);

builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => NeemPlatform.Lending.LendingContract.Facts().Register(o));

var app = builder.Build();

return await app.RunNeemServiceAsync(args);

/// <summary>The Lending service: loan products, applications, schedules, repayments, arrears and credit history.</summary>
public partial class Program;
