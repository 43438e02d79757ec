namespace NeemPlatform.Impact.Research;

/// <summary>
/// A study of the follow-up researcher. Its secret salt keys the pseudonyms: the same participant gets the
/// same pseudonym within a study and unlinkable ones across studies.
/// </summary>
public sealed class Study
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Salt { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed record CreateStudy(string Name);

public sealed record StudyView(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>One pseudonymised history entry: no participant id, no other linkable id, no direct identifier.</summary>
public sealed record ExportedEntry(string Participant, string Type, string Region, string HappenedOn, string RecordedOn, JsonElement Facts);

public sealed record AggregateCell(IReadOnlyDictionary<string, string> Group, string Count);

/// <summary>What an export of a study's history in a window holds before it is downloaded: how many rows and people, and each type's fields.</summary>
public sealed record ExportOutline(Guid StudyId, DateOnly From, DateOnly To, int Rows, int Participants, IReadOnlyList<ExportedType> Types);

/// <summary>One kind of fact in an export: how many rows, and the fields its facts carry (never an id or a name).</summary>
public sealed record ExportedType(string Type, int Rows, IReadOnlyList<string> Fields);

public static class ResearchModule
{
    public static StoreOptions ConfigureResearch(this StoreOptions options)
    {
        options.Schema.For<Study>();
        options.Schema.For<Reports.SocioEconomicParameters>();
        return options;
    }
}

public static class ResearchEndpoints
{
    public const int SuppressBelow = 5;

    /// <summary>The participant's pseudonym in a study: HMAC-SHA-256 of her id under the study's salt, 16 hex characters.</summary>
    public static string Pseudonym(Study study, Guid id, string kind = "p") =>
        kind + "-" + Convert.ToHexString(HMACSHA256.HashData(Convert.FromBase64String(study.Salt), id.ToByteArray())).ToLowerInvariant()[..16];

    private static readonly HashSet<string> DroppedFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "participantId", "sourceEventId", "occurredAt", "recordedAt", "referralId", "partnerId", "networkGroupId", "sessionId", "loanId"
    };

    /// <summary>Facts whose free value may be a staff member's id (the disbursing loan officer): never exported.</summary>
    private static readonly HashSet<string> StaffFacts = new(StringComparer.Ordinal) { "disbursed" };

    /// <summary>
    /// The entries in a window (pure): erased participants left out, the participant and every linkable id
    /// pseudonymised or dropped, dates optionally coarsened to months.
    /// </summary>
    public static IEnumerable<ExportedEntry> Export(Study study, IEnumerable<IMisEntry> entries, DateOnly from, DateOnly to, bool months)
    {
        var list = entries.ToList();
        var erased = list.OfType<ErasureRecorded>().Select(e => e.ParticipantId).ToHashSet();
        string Date(DateOnly d) => months ? d.ToString("yyyy-MM", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var e in list.Where(e => !erased.Contains(e.ParticipantId)))
        {
            var on = MisFold.HappenedOn(e);
            if (on < from || on > to)
            {
                continue;
            }

            var json = JsonSerializer.SerializeToElement(e, e.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
            var facts = new Dictionary<string, object?>();
            foreach (var property in json.EnumerateObject().Where(p => !DroppedFields.Contains(p.Name)))
            {
                facts[property.Name] = property.Value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(property.Value.GetString(), "yyyy-MM-dd",
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? Date(d)
                    : property.Value;
            }

            if (e is LoanFactRecorded loan)
            {
                facts["loan"] = Pseudonym(study, loan.LoanId, "l");
                if (StaffFacts.Contains(loan.Fact))
                {
                    facts.Remove("detail");
                }
            }

            yield return new ExportedEntry(Pseudonym(study, e.ParticipantId), e.GetType().Name, e.Region, Date(on),
                Date(DateOnly.FromDateTime(e.RecordedAt.UtcDateTime)), JsonSerializer.SerializeToElement(facts));
        }
    }

    /// <summary>
    /// Counts of participants in network groups by the chosen attributes: exact, or (<paramref name="exact"/> false)
    /// with small cells suppressed, secondary suppression included (<see cref="Reports.Suppression"/>).
    /// </summary>
    public static IReadOnlyList<AggregateCell> Aggregate(IEnumerable<MisParticipant> states, IReadOnlyList<string> by, bool exact = false)
    {
        string Value(MisParticipant p, string key) => key switch
        {
            "gender" => p.Attributes?.Gender ?? "unknown",
            "foreignBackground" => p.Attributes?.ForeignBackground switch { true => "yes", false => "no", _ => "unknown" },
            "ageBand" => p.Attributes?.AgeBand ?? "unknown",
            "targetGroup" => p.Attributes?.TargetGroup ?? "unknown",
            "education" => p.Attributes?.EducationLevel ?? "unknown",
            "region" => p.Region,
            "outcome" => p.Outcome ?? "in-programme",
            _ => "unknown"
        };

        var groups = states.Where(p => p.JoinedGroupOn is not null && !p.Erased)
            .GroupBy(p => string.Join('\u001f', by.Select(k => Value(p, k))))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Keys: (IReadOnlyList<string>)g.Key.Split('\u001f'), Count: g.Count()))
            .ToList();
        var shown = exact ? groups.Select(g => g.Count.ToString(CultureInfo.InvariantCulture)).ToList() : Reports.Suppression.Apply(groups);
        return groups.Select((g, i) => new AggregateCell(by.Zip(g.Keys).ToDictionary(x => x.First, x => x.Second), shown[i])).ToList();
    }

    public static readonly string[] AggregateKeys = ["gender", "foreignBackground", "ageBand", "targetGroup", "education", "region", "outcome"];

    [WolverinePost("/api/research/studies", Name = "CreateStudy")]
    [EndpointSummary("Open a study: its exports carry pseudonyms of their own")]
    [ProducesResponseType<StudyView>(StatusCodes.Status201Created)]
    public static IResult Create(CreateStudy command, ClaimsPrincipal user, IDocumentSession session, TimeProvider time)
    {
        var validation = new Validation().Text(command.Name, "name", 200, required: true);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var study = new Study
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Name = command.Name.Trim(),
            Salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            CreatedBy = user.StaffId(),
            CreatedAt = time.GetUtcNow()
        };
        session.Store(study);
        return TypedResults.Created($"/api/research/studies/{study.Id}", new StudyView(study.Id, study.Name, study.CreatedAt));
    }

    [WolverineGet("/api/research/studies", Name = "ListStudies")]
    [EndpointSummary("The region's studies, newest first")]
    [ProducesResponseType<IReadOnlyList<StudyView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(IQuerySession session, CancellationToken ct) =>
        TypedResults.Ok((await session.Query<Study>().OrderByDescending(s => s.CreatedAt).ToListAsync(ct))
            .Select(s => new StudyView(s.Id, s.Name, s.CreatedAt)).ToList());

    [WolverineGet("/api/research/studies/{studyId}/history/outline", Name = "OutlineHistoryExport")]
    [EndpointSummary("What the pseudonymised history in a window would hold: rows, participants, and each type of fact with its fields")]
    [ProducesResponseType<ExportOutline>(StatusCodes.Status200OK)]
    public static async Task<IResult> Outline(Guid studyId, DateOnly from, DateOnly to, IQuerySession session, History.MisHistoryLog history,
        CancellationToken ct)
    {
        var validation = new Validation().Date(from, "from").Date(to, "to").Require(from <= to, "to", "Not before 'from'.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.LoadAsync<Study>(studyId, ct) is not { } study)
        {
            return Problems.NotFound("study", studyId);
        }

        var rows = Export(study, await history.EntriesAsync(session, ct), from, to, months: false).ToList();
        var types = rows.GroupBy(r => r.Type).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ExportedType(g.Key, g.Count(), g.SelectMany(r => r.Facts.EnumerateObject().Select(p => p.Name))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .ToList();
        return TypedResults.Ok(new ExportOutline(study.Id, from, to, rows.Count, rows.Select(r => r.Participant).Distinct().Count(), types));
    }

    [WolverineGet("/api/research/studies/{studyId}/history", Name = "ExportHistory")]
    [EndpointSummary("The pseudonymised history in a window, as NDJSON (format=ndjson) or CSV (format=csv); coarsen=month for month dates")]
    [Produces("application/x-ndjson", "text/csv")]
    public static async Task<IResult> History(Guid studyId, DateOnly from, DateOnly to, IQuerySession session, History.MisHistoryLog history,
        CancellationToken ct,
        string format = "ndjson", string? coarsen = null)
    {
        var validation = new Validation().OneOf(format, ["ndjson", "csv"], "format").Date(from, "from").Date(to, "to")
            .Require(coarsen is null or "month", "coarsen", "Leave out, or 'month'.")
            .Require(from <= to, "to", "Not before 'from'.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.LoadAsync<Study>(studyId, ct) is not { } study)
        {
            return Problems.NotFound("study", studyId);
        }

        var rows = Export(study, await history.EntriesAsync(session, ct), from, to, coarsen == "month").ToList();
        if (format == "ndjson")
        {
            var text = string.Concat(rows.Select(r => JsonSerializer.Serialize(r, new JsonSerializerOptions(JsonSerializerDefaults.Web)) + "\n"));
            return TypedResults.Text(text, "application/x-ndjson; charset=utf-8");
        }

        var csv = new StringBuilder("participant,type,region,happened_on,recorded_on,facts\n");
        foreach (var r in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Participant},{r.Type},{r.Region},{r.HappenedOn},{r.RecordedOn},\"{r.Facts.GetRawText().Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
        }

        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
    }

    [WolverineGet("/api/research/tables", Name = "AggregateTable")]
    [EndpointSummary("Participants in network groups counted by attributes (by=gender,ageBand,...): cells under 5 and those that would give them back suppressed; below region manager counted as of the last month end by which at least 5 people joined since the previous one")]
    [ProducesResponseType<IReadOnlyList<AggregateCell>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Table(ClaimsPrincipal user, IQuerySession session, History.MisHistoryLog history, TimeProvider time, CancellationToken ct, string? by = null,
        DateOnly? asOf = null)
    {
        var keys = (by ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var validation = new Validation()
            .Require(keys.Length is >= 1 and <= 4 && keys.All(AggregateKeys.Contains), "by", $"One to four of: {string.Join(", ", AggregateKeys)}.")
            .Require(keys.Distinct(StringComparer.Ordinal).Count() == keys.Length, "by", "Each attribute once.")
            .Require(asOf is null || asOf.Value.Year is >= 2000 and <= 2100, "asOf", "A date between 2000-01-01 and 2100-12-31.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var day = asOf ?? SwedishTime.DateOf(time.GetUtcNow());
        var states = (await history.StatesAsync(session, day, ct)).Values.ToList();
        if (Reports.Differencing.ReadsExactCounts(user))
        {
            return TypedResults.Ok(Aggregate(states, keys, exact: true));
        }

        // Counted as of the last published month end, so that two dates a day apart cannot single out who joined between them.
        return TypedResults.Ok(Reports.Differencing.PublishedOn(states, day) is { } on
            ? Aggregate((await history.StatesAsync(session, on, ct)).Values, keys)
            : []);
    }
}
