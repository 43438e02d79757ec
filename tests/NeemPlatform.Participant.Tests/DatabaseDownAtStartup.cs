using System.Net;
using System.Net.Http.Json;
using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using NeemPlatform.TestSupport;
using Npgsql;

namespace NeemPlatform.Participant.Tests;

public class when_the_database_is_down_at_start_up
{
    [Fact]
    public async Task the_service_waits_and_starts_without_a_restart_when_the_database_comes_back()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var real = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("startupgate"));
        await using var gate = new TcpGate(real.Host!, real.Port);
        var throughGate = new NpgsqlConnectionStringBuilder(real.ConnectionString) { Port = gate.Port, Timeout = 2 }.ConnectionString;

        var starting = Task.Run(() => AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:neem", throughGate);
            builder.UseSetting("Neem:Region", "orebro");
            builder.UseSetting("Neem:Auth:DevelopmentSigningKey", TestAuth.SigningKey);
            builder.UseSetting("Neem:Auth:DevelopmentIssuer", "true");
            builder.UseSetting("Neem:Participant:IdentityKey", TestAuth.IdentityKey);
        }));

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(starting.IsCompleted, "the host must wait for the database, neither start nor crash");

        gate.Open();
        await using var host = await starting.WaitAsync(TimeSpan.FromSeconds(90));

        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestAuth.TokenFor("advisor", "orebro"));
        var response = await client.PostAsJsonAsync("/api/participants", new { source = "walk-in", person = People.Referral() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
