using System.Net;
using System.Net.Http.Json;
using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.TestSupport;

namespace NeemPlatform.Participant.Tests;

public class when_a_service_runs_outside_development
{
    private static async Task<IAlbaHost> StartAsync(string environment, IReadOnlyDictionary<string, string> settings)
    {
        JasperFxEnvironment.AutoStartHost = true;
        var connectionString = await TestPostgres.CreateDatabaseAsync("production-mode");
        return await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:neem", connectionString);
            builder.UseSetting("Neem:Region", "stockholm");
            builder.UseSetting("Neem:Participant:IdentityKey", TestAuth.IdentityKey);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
    }

    [Fact]
    public async Task in_production_without_an_authority_it_refuses_to_start_even_with_the_development_key_and_switch()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("Production", new Dictionary<string, string>
        {
            ["Neem:Auth:DevelopmentSigningKey"] = TestAuth.SigningKey,
            ["Neem:Auth:DevelopmentIssuer"] = "true"
        }));

        Assert.Contains("Neem:Auth:Authority", refused.ToString());
        Assert.Contains("Production", refused.ToString());
    }

    [Fact]
    public async Task in_production_with_an_authority_the_development_issuer_answers_404()
    {
        await using var host = await StartAsync("Production", new Dictionary<string, string>
        {
            ["Neem:Auth:Authority"] = "https://login.neem.invalid/realms/neem",
            ["Neem:Auth:DevelopmentSigningKey"] = TestAuth.SigningKey,
            ["Neem:Auth:DevelopmentIssuer"] = "true"
        });

        var tokens = await host.Server.CreateClient().PostAsJsonAsync("/dev/tokens",
            new { subject = "mallory", role = "administrator", region = "stockholm" });

        Assert.Equal(HttpStatusCode.NotFound, tokens.StatusCode);
    }

    [Fact]
    public async Task in_production_its_endpoints_run_the_code_generated_ahead_of_time_without_compiling_any()
    {
        await using var host = await StartAsync("Production", new Dictionary<string, string>
        {
            ["Neem:Auth:Authority"] = "https://login.neem.invalid/realms/neem"
        });

        // An anonymous Wolverine endpoint answers through its pre-generated handler (a missing one fails in Static mode).
        var link = await host.Server.CreateClient().GetAsync($"/api/follow-up-links/{new string('a', 43)}");

        Assert.Equal(HttpStatusCode.NotFound, link.StatusCode);
        Assert.Equal("application/problem+json", link.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(typeof(Program).Assembly.GetType("Internal.Generated.WolverineHandlers.GET_api_follow_up_links_token"));
        var options = host.Services.GetRequiredService<Wolverine.WolverineOptions>();
        Assert.Equal(JasperFx.CodeGeneration.TypeLoadMode.Static, options.CodeGeneration.TypeLoadMode);
    }

    [Fact]
    public async Task in_development_the_issuer_needs_its_explicit_switch()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("Development", new Dictionary<string, string>
        {
            ["Neem:Auth:DevelopmentSigningKey"] = TestAuth.SigningKey
        }));

        Assert.Contains("Neem:Auth:DevelopmentIssuer", refused.ToString());
    }
}
