namespace Microsoft.Extensions.Hosting;

/// <summary>The regional platforms that run their own instance of NEEM Platform.</summary>
public static class Regions
{
    public const string Stockholm = "stockholm";
    public const string Vasteras = "vasteras";
    public const string Orebro = "orebro";

    /// <summary>The national view of the whole programme: an Impact instance that reads the regions' MIS feeds.</summary>
    public const string National = "national";

    public static readonly IReadOnlyList<string> All = [Stockholm, Vasteras, Orebro];

    public static bool IsKnown(string? region) => region is not null && All.Contains(region);

    /// <summary>What an instance may serve: one region, or (Impact only) the national view.</summary>
    public static bool IsInstance(string? region) => region is not null && Instances.Contains(region);

    /// <summary>Every instance there can be: the three regions and the national view.</summary>
    public static readonly IReadOnlyList<string> Instances = [.. All, National];
}

/// <summary>Bound from <c>Neem:Region</c>: the region this instance serves.</summary>
public sealed class RegionOptions
{
    public const string Section = "Neem";

    public string Region { get; set; } = "";
}
