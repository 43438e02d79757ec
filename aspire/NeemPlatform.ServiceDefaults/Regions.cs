namespace Microsoft.Extensions.Hosting;

/// <summary>The regional platforms that run their own instance of NEEM Platform.</summary>
public static class Regions
{
    public const string Stockholm = "stockholm";
    public const string Vasteras = "vasteras";
    public const string Orebro = "orebro";

    public static readonly IReadOnlyList<string> All = [Stockholm, Vasteras, Orebro];

    public static bool IsKnown(string? region) => region is not null && All.Contains(region);
}

/// <summary>Bound from <c>Neem:Region</c>: the region this instance serves.</summary>
public sealed class RegionOptions
{
    public const string Section = "Neem";

    public string Region { get; set; } = "";
}
