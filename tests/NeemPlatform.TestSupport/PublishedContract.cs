using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace NeemPlatform.TestSupport;

/// <summary>
/// The service's OpenAPI document is part of the product: it is kept in <c>contracts/openapi/&lt;service&gt;.json</c> (where
/// partners and generators read it), must equal what the running service serves, and must pass Redocly's recommended rules
/// with no error. <c>NEEM_WRITE_OPENAPI=1 dotnet test</c> writes the served document there after a deliberate change.
/// </summary>
public static class PublishedContract
{
    /// <summary>The repository's root: the folder that holds NeemPlatform.sln.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NeemPlatform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("NeemPlatform.sln not found above " + AppContext.BaseDirectory);
    }

    public static string PathOf(string service) => Path.Combine(Root(), "contracts", "openapi", $"{service}.json");

    /// <summary>The served document, indented.</summary>
    public static async Task<string> ServedAsync<TProgram>(ServiceFixture<TProgram> service) where TProgram : class
    {
        var document = JsonNode.Parse(await service.Host.Server.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    public static async Task AssertPublishedAsync<TProgram>(ServiceFixture<TProgram> service) where TProgram : class
    {
        var served = await ServedAsync(service);
        var path = PathOf(service.Service);
        if (Environment.GetEnvironmentVariable("NEEM_WRITE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run NEEM_WRITE_OPENAPI=1 dotnet test to publish the {service.Service} contract.");
        Assert.True(served == await File.ReadAllTextAsync(path),
            $"The {service.Service} service serves another OpenAPI document than {path} says. If the change is meant, publish it: " +
            "NEEM_WRITE_OPENAPI=1 dotnet test.");
    }

    /// <summary>Redocly CLI's recommended rules over the published document (npx fetches the pinned version once): its errors.</summary>
    public static async Task<(int Errors, string Report)> LintAsync(string service)
    {
        var start = new ProcessStartInfo("npx", ["--yes", "@redocly/cli@2.77.0", "lint", PathOf(service), "--extends", "recommended", "--format", "stylish"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root()
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("npx did not start: install Node.js (apt-get install -y nodejs npm).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var report = await output + await error;
        var errors = report.Split('\n').Count(l => l.Contains(" error ", StringComparison.Ordinal) || l.TrimStart().StartsWith("error", StringComparison.Ordinal));
        return (process.ExitCode == 0 ? 0 : Math.Max(errors, 1), report);
    }
}
