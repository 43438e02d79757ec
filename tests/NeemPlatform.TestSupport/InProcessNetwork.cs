using System.Collections.Concurrent;

namespace NeemPlatform.TestSupport;

/// <summary>
/// Sends a client's requests to services running in this process, by the first label of the host name
/// (<c>http://stockholm.regions/</c> reaches what was put <see cref="Up"/> as stockholm); one taken <see cref="Down"/> answers as a
/// machine that is off: the connection is refused.
/// </summary>
public sealed class InProcessNetwork
{
    private readonly ConcurrentDictionary<string, Func<HttpMessageHandler>> _up = new();

    public ConcurrentDictionary<string, int> Requests { get; } = new();

    /// <summary>Called after each answer a region gives (the test can take the region down in the middle of a pull).</summary>
    public Action<string>? AfterAnswer { get; set; }

    public void Up(string region, Func<HttpMessageHandler> handler) => _up[region] = handler;

    public void Down(string region) => _up.TryRemove(region, out _);

    public HttpMessageHandler Handler() => new Router(this);

    private sealed class Router(InProcessNetwork network) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var region = request.RequestUri!.Host.Split('.')[0];
            network.Requests.AddOrUpdate(region, 1, (_, n) => n + 1);
            if (!network._up.TryGetValue(region, out var handler))
            {
                throw new HttpRequestException($"Connection refused ({region}.regions:80)", new System.Net.Sockets.SocketException(111));
            }

            using var invoker = new HttpMessageInvoker(handler(), disposeHandler: false);
            var response = await invoker.SendAsync(request, ct);
            network.AfterAnswer?.Invoke(region);
            return response;
        }
    }
}
