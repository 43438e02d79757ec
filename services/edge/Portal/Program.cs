using NeemPlatform.Portal;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPortal();

var app = builder.Build();
app.UsePortal();
app.Run();

/// <summary>The staff portal: a backend-for-frontend over the four services.</summary>
public partial class Program;
