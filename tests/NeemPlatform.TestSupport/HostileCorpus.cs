using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace NeemPlatform.TestSupport;

/// <summary>Sends the bad-input corpus to a service and reports every answer that is not a 4xx problem+json.</summary>
public static class HostileCorpus
{
    public sealed record Outcome(int Sent, int ServerErrors, IReadOnlyList<string> Failures, IReadOnlyDictionary<int, int> ByStatus);

    /// <summary>Rows in the service's event table and document tables: what a refused request must not change.</summary>
    public static async Task<long> StoredRowsAsync(string connectionString, string schema) =>
        (await StoredRowsByTableAsync(connectionString, schema)).Values.Sum();

    /// <summary>The same, table by table (to say which one changed).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> StoredRowsByTableAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "select table_name from information_schema.tables where table_schema = $1 and (table_name = 'mt_events' or table_name like 'mt_doc_%')",
                         connection))
        {
            list.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {schema}.{table}", connection);
            rows[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return rows;
    }

    /// <summary>
    /// Sends the corpus as the callers say and asserts: every answer a 4xx problem+json, no 5xx, at least
    /// <paramref name="minimum"/> requests, and the service's event and document tables unchanged.
    /// </summary>
    public static async Task AssertRefusedAsync<TProgram>(ServiceFixture<TProgram> service, Func<string, string> callerFor,
        Func<string, HttpClient> clientFor, int minimum, Xunit.Abstractions.ITestOutputHelper output) where TProgram : class
    {
        var before = await StoredRowsAsync(service.ConnectionString, service.Service);

        var outcome = await RunAsync(service, callerFor, clientFor);

        output.WriteLine($"{outcome.Sent} requests: {string.Join(", ", outcome.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(outcome.Failures.Count == 0, string.Join(Environment.NewLine, outcome.Failures.Take(40)));
        Assert.Equal(0, outcome.ServerErrors);
        Assert.True(outcome.Sent >= minimum, $"{outcome.Sent} requests");
        Assert.Equal(before, await StoredRowsAsync(service.ConnectionString, service.Service));
    }

    public static async Task<Outcome> RunAsync<TProgram>(ServiceFixture<TProgram> service, Func<string, string> callerFor,
        Func<string, HttpClient> clientFor) where TProgram : class
    {
        var document = await service.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var failures = new List<string>();
        var byStatus = new Dictionary<int, int>();
        var sent = 0;
        var serverErrors = 0;
        var types = new HashSet<string>(StringComparer.Ordinal);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var request in HostileRequests.For(document, callerFor))
        {
            if (!clients.TryGetValue(request.Caller, out var client))
            {
                clients[request.Caller] = client = clientFor(request.Caller);
            }

            using var message = new HttpRequestMessage(request.Method, request.Path);
            if (request.Body is not null)
            {
                message.Content = new StringContent(request.Body, Encoding.UTF8);
                message.Content.Headers.ContentType = request.ContentType is null ? null
                    : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType);
            }

            message.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var response = await client.SendAsync(message);
            sent++;
            var status = (int)response.StatusCode;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            serverErrors += status >= 500 ? 1 : 0;
            var text = await response.Content.ReadAsStringAsync();
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || text.Contains("   at ", StringComparison.Ordinal))
            {
                failures.Add($"{request.Name}: {status} {text[..Math.Min(200, text.Length)]}");
                continue;
            }

            // One vocabulary: every type is a documented one, with a page on the instance.
            var type = JsonDocument.Parse(text).RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (NeemPlatform.Hosting.ProblemTypes.NameOf(type) is not { } name || NeemPlatform.Hosting.ProblemTypes.Named(name) is null)
            {
                failures.Add($"{request.Name}: {status} with a problem type outside the vocabulary: {type}");
            }
            else if (types.Add(name))
            {
                var page = await service.Host.Server.CreateClient().GetAsync($"/problems/{name}");
                if (!page.IsSuccessStatusCode || page.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    failures.Add($"{request.Name}: the page of problem type {name} answered {(int)page.StatusCode}");
                }
            }
        }

        return new Outcome(sent, serverErrors, failures, byStatus);
    }
}
