namespace NeemPlatform.Hosting;

/// <summary>Collects field errors for one request: <c>new Validation().Require(...)</c>, then <see cref="Errors"/>.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    /// <summary>
    /// As an endpoint's <c>Validate</c> step answers: carry on (Wolverine's continue) when every field is right, otherwise the
    /// 400 naming each wrong field, before anything is loaded or written.
    /// </summary>
    public IResult Answer() => IsValid ? Wolverine.Http.WolverineContinue.Result() : Problems.Invalid(Errors);

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }

            list.Add(message);
        }

        return this;
    }

    /// <summary>Exact SEK: at most two decimals (öre), zero or more, below a sanity ceiling.</summary>
    public Validation Sek(decimal amount, string field, bool allowNegative = false, decimal max = 100_000_000m) =>
        Require(decimal.Round(amount, 2) == amount, field, "At most two decimals (öre).")
            .Require(allowNegative || amount >= 0, field, "Must not be negative.")
            .Require(Math.Abs(amount) <= max, field, $"Must be at most {max:N0} SEK in absolute value.");

    public Validation Date(DateOnly date, string field) =>
        Require(date.Year is >= 2000 and <= 2100, field, "Must be a date between 2000-01-01 and 2100-12-31.");

    /// <summary>A date that may be left out (a query's <c>asOf</c>): when given, within the programme's calendar.</summary>
    public Validation Date(DateOnly? date, string field) => date is { } d ? Date(d, field) : this;

    /// <summary>
    /// A month as <c>yyyy-MM</c> within the programme's calendar (2000-01 to 2100-12); <paramref name="first"/> is its first
    /// day, or default when the value is not such a month (so nothing is computed from a month that was refused).
    /// </summary>
    public Validation Month(string? value, string field, out DateOnly first)
    {
        first = default;
        var ok = value is { Length: 7 }
                 && DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                     System.Globalization.DateTimeStyles.None, out first)
                 && first.Year is >= 2000 and <= 2100;
        if (!ok)
        {
            first = default;
        }

        return Require(ok, field, "A month from 2000-01 to 2100-12, yyyy-MM.");
    }

    /// <summary>
    /// Free text a person types (a name, a label, a reason, a note): at most <paramref name="maxLength"/> characters, no
    /// control characters (line breaks and tabs only when <paramref name="multiline"/>), no invisible formatting or
    /// bidirectional overrides, no line or paragraph separators, no private-use or damaged characters.
    /// </summary>
    public Validation Text(string? value, string field, int maxLength, bool required = false, bool multiline = false) =>
        Require(!required || !string.IsNullOrWhiteSpace(value), field, "Required.")
            .Require(value is null || (value.Length <= maxLength && TextRules.IsPlainText(value, multiline)), field,
                $"At most {maxLength} characters of plain text: no control, formatting or separator characters{(multiline ? "" : ", one line")}.");

    /// <summary>A staff member's id as tokens carry it: 1–100 of a–z, A–Z, 0–9 and . - _ @.</summary>
    public Validation StaffId(string? value, string field) =>
        Require(IsStaffId(value), field, "A staff id: 1–100 letters a–z, digits and . - _ @.");

    public static bool IsStaffId(string? value) =>
        value is { Length: >= 1 and <= 100 } && value.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '-' or '_' or '@');

    public Validation OneOf(string? value, IReadOnlyCollection<string> allowed, string field) =>
        Require(value is not null && allowed.Contains(value), field, $"Must be one of: {string.Join(", ", allowed)}.");

    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
