using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NeemPlatform.TestSupport;

public static class ProblemJson
{
    /// <summary>Asserts an RFC 9457 answer and returns its body.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", problem.ToString());
        return problem;
    }

    public static string[] ErrorFields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
}
