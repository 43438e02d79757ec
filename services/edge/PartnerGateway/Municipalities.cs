using System.Globalization;

namespace NeemPlatform.PartnerGateway;

/// <summary>
/// The maintained table of Sweden's municipalities (<c>municipalities.json</c>, or the file named by
/// <c>Neem:Gateway:MunicipalitiesFile</c>) and the regional platform that serves each, if any. A municipality is found the
/// way partners' systems write it: by its code (0127, or 127 where a system kept it as a number), its name (Botkyrka) or
/// official name (Botkyrka kommun, Stockholms stad), whatever the letter case, spacing or hyphens, and with å, ä and ö
/// written as a, a, o (Vasteras) or as aa, ae, oe (Vaesteraas). A folded spelling that could be two municipalities in
/// different regions (none today) is not guessed.
/// </summary>
public sealed class Municipalities
{
    /// <summary>What a name or code stands for: a municipality of a region, a municipality outside the programme, or nothing known.</summary>
    public abstract record Match;

    public sealed record InRegion(string Code, string Region) : Match;

    public sealed record OutsideProgramme(string Code) : Match;

    public sealed record Unknown : Match;

    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");
    private readonly Dictionary<string, string?> _regionByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _codesByKey = new(StringComparer.Ordinal);

    /// <param name="table">Per region, its municipalities; under the key <c>""</c>, those no region serves.</param>
    public Municipalities(IReadOnlyDictionary<string, IReadOnlyList<(string Code, string Name)>> table)
    {
        foreach (var (region, municipalities) in table)
        {
            foreach (var (code, name) in municipalities)
            {
                _regionByCode[code] = region.Length == 0 ? null : region;
                foreach (var key in Keys(name))
                {
                    (_codesByKey.TryGetValue(key, out var codes) ? codes : _codesByKey[key] = []).Add(code);
                }
            }
        }

        Count = _regionByCode.Count(m => m.Value is not null);
        Known = _regionByCode.Count;
    }

    /// <summary>How many municipalities the programme's regions serve.</summary>
    public int Count { get; }

    /// <summary>How many municipalities the table knows in all.</summary>
    public int Known { get; }

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

            table[region.Name] = Read(region.Value);
        }

        if (document.RootElement.TryGetProperty("outside", out var outside))
        {
            table[""] = Read(outside);
        }

        return new Municipalities(table);

        static List<(string, string)> Read(JsonElement list) =>
            list.EnumerateArray().Select(m => (m.GetProperty("code").GetString()!, m.GetProperty("name").GetString()!)).ToList();
    }

    public Match Find(string municipality)
    {
        var text = municipality.Trim();
        if (text.Length is >= 3 and <= 4 && text.All(char.IsAsciiDigit))
        {
            return Of(text.PadLeft(4, '0'));
        }

        var name = Name(text);
        foreach (var candidate in new[] { name, Genitive(name) })
        {
            if (candidate is null)
            {
                continue;
            }

            // The exact spelling first, then the folded ones.
            foreach (var key in Keys(candidate))
            {
                if (_codesByKey.TryGetValue(key, out var codes))
                {
                    var regions = codes.Select(c => _regionByCode[c]).Distinct().ToList();
                    if (regions.Count == 1)
                    {
                        return Of(codes.Order(StringComparer.Ordinal).First());
                    }

                    return new Unknown(); // two municipalities in different regions: the code must decide
                }
            }
        }

        return new Unknown();
    }

    private Match Of(string code) => _regionByCode.TryGetValue(code, out var region)
        ? region is null ? new OutsideProgramme(code) : new InRegion(code, region)
        : new Unknown();

    /// <summary>The name without "kommun", "stad" or "municipality" after it.</summary>
    private static string Name(string text)
    {
        var name = Plain(text);
        foreach (var suffix in new[] { " kommun", " stad", " municipality", " kommune" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    /// <summary>"Stockholms stad", "Västerås stads": the genitive of the name.</summary>
    private static string? Genitive(string name) => name.Length > 1 && name.EndsWith('s') ? name[..^1] : null;

    /// <summary>The spellings a name is found by: as written, with å/ä/ö as a/a/o, and with å/ä/ö as aa/ae/oe.</summary>
    private static IEnumerable<string> Keys(string name)
    {
        var plain = Plain(name);
        yield return plain;
        yield return WithoutMarks(plain);
        yield return plain.Replace("å", "aa", StringComparison.Ordinal).Replace("ä", "ae", StringComparison.Ordinal)
            .Replace("ö", "oe", StringComparison.Ordinal);
    }

    private static string Plain(string text)
    {
        var normalised = text.Normalize(NormalizationForm.FormC).Replace('-', ' ').ToLower(Swedish);
        return string.Join(' ', normalised.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string WithoutMarks(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
