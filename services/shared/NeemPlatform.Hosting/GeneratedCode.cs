namespace NeemPlatform.Hosting;

/// <summary>
/// The code Wolverine generates for a service's handlers and HTTP endpoints, written ahead of time into the service's
/// <c>Internal/Generated</c> folder by <c>.ci/codegen</c> (<c>codegen write</c>) and loaded statically outside Development.
/// </summary>
public static class GeneratedCode
{
    /// <summary>Where <c>codegen write</c> writes (default: the project's Internal/Generated); a test writes elsewhere to compare.</summary>
    public const string OutputPathSetting = "Neem:CodeGeneration:OutputPath";

    public const string Folder = "Internal/Generated";

    /// <summary>Dynamic (generate and compile at start) or Static (load the code compiled in); by default Dynamic in Development only.</summary>
    public const string TypeLoadModeSetting = "Neem:CodeGeneration:TypeLoadMode";
}
