using Microsoft.AspNetCore.Http.HttpResults;

namespace NeemPlatform.Portal;

/// <summary>
/// Where the portal sends the browser back to (after choosing a language, after signing in): a local address of the
/// portal by the framework's own test (no scheme, no <c>//</c> or <c>/\</c>, no control character), else the start page.
/// </summary>
public static class ReturnAddress
{
    public static string OrHome(string? back) => back is { Length: > 0 } && RedirectHttpResult.IsLocalUrl(back) ? back : "/";
}
