using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NeemPlatform.Portal.Tests;

/// <summary>
/// The HTTP clients every host gets from the service defaults: a dependency that is down (a service, or the telemetry
/// collector in a run without the dashboard) opens its own circuit, never the circuit of the others.
/// </summary>
public class when_one_dependency_is_down
{
    [Fact]
    public async Task calls_to_the_others_still_go_through()
    {
        await using var live = WebApplication.Create();
        live.Urls.Add("http://127.0.0.1:0");
        live.MapPost("/ping", () => Results.Ok("pong"));
        await live.StartAsync();
        var liveUrl = live.Urls.First();
        var deadUrl = $"http://127.0.0.1:{ClosedPort()}";

        var builder = Host.CreateApplicationBuilder(["--Neem:Region=stockholm"]);
        builder.AddServiceDefaults();
        using var host = builder.Build();
        var clients = host.Services.GetRequiredService<IHttpClientFactory>();
        var down = clients.CreateClient("down");
        down.BaseAddress = new Uri(deadUrl);
        var up = clients.CreateClient("up");
        up.BaseAddress = new Uri(liveUrl);

        // Enough failures to open a circuit (the standard pipeline opens after 100 calls with 10 % failing).
        var failures = 0;
        for (var i = 0; i < 120; i++)
        {
            try
            {
                await down.PostAsync("/export", new StringContent("x"));
            }
            catch (HttpRequestException)
            {
                failures++;
            }
            catch (Polly.CircuitBreaker.BrokenCircuitException)
            {
                failures++;
            }
        }

        var answer = await up.PostAsync("/ping", new StringContent("x"));

        Assert.Equal(120, failures);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when the listener is disposed
    }
}
