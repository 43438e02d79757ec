using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeemPlatform.PartnerGateway;

/// <summary>
/// The maintained table of which regional platform serves each municipality (<c>municipalities.json</c>, or the file named by
/// <c>Neem:Gateway:MunicipalitiesFile</c>). A municipality is found by its code (0127), its name (Botkyrka) or its official
/// name (Botkyrka kommun, Stockholms stad), whatever the letter case, spacing or hyphens.
/// </summary>
public sealed class Municipalities
{
    private readonly Dictionary<string, string> _regionByKey = new(StringComparer.Ordinal);

    public Municipalities(IReadOnlyDictionary<string, IReadOnlyList<(string Code, string Name)>> table)
    {
        foreach (var (region, municipalities) in table)
        {
            foreach (var (code, name) in municipalities)
            {
                _regionByKey[code] = region;
                _regionByKey[Key(name)] = region;
            }
        }

        Count = table.Values.Sum(m => m.Count);
    }

    /// <summary>How many municipalities the table names.</summary>
    public int Count { get; }

    public static Municipalities Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var table = new Dictionary<string, IReadOnlyList<(string, string)>>();
        foreach (var region in document.RootElement.GetProperty("regions").EnumerateObject())
        {
            if (!Microsoft.Extensions.Hosting.Regions.IsKnown(region.Name))
            {
                throw new InvalidOperationException($"{path}: '{region.Name}' is not a regional platform.");
            }

            table[region.Name] = region.Value.EnumerateArray()
                .Select(m => (m.GetProperty("code").GetString()!, m.GetProperty("name").GetString()!)).ToList();
        }

        return new Municipalities(table);
    }

    /// <summary>The region that serves the municipality, or null when none of the programme's regions does.</summary>
    public string? RegionOf(string municipality)
    {
        var key = Key(municipality);
        foreach (var suffix in new[] { " kommun", " stad", " municipality" })
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal))
            {
                key = key[..^suffix.Length];
                break;
            }
        }

        if (_regionByKey.TryGetValue(key, out var region))
        {
            return region;
        }

        // "Stockholms stad", "Västerås stads": the genitive of the name.
        return key.EndsWith('s') && _regionByKey.TryGetValue(key[..^1], out region) ? region : null;
    }

    private static string Key(string text)
    {
        var normalised = text.Normalize(NormalizationForm.FormC).Replace('-', ' ').ToLower(CultureInfo.GetCultureInfo("sv-SE"));
        return string.Join(' ', normalised.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
