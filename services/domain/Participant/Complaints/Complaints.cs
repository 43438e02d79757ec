namespace NeemPlatform.Participant.Complaints;

/// <summary>
/// A complaint about the programme or its lending, from a participant or a partner organisation: received through a channel,
/// in a category, assigned to a staff member, answered by a deadline, closed with an outcome. What she wrote and what was
/// answered may identify her: it stays in this document, which her erasure blanks, and never reaches an event or a message.
/// </summary>
public sealed class Complaint
{
    public Guid Id { get; set; }
    public string Region { get; set; } = "";
    public string From { get; set; } = "";
    public Guid? ParticipantId { get; set; }
    public Guid? PartnerId { get; set; }
    public string Channel { get; set; } = "";
    public string Category { get; set; } = "";
    public string Summary { get; set; } = "";
    public DateOnly ReceivedOn { get; set; }
    public DateOnly AnswerDueOn { get; set; }
    public string RegisteredBy { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public string? AssignedTo { get; set; }
    public DateOnly? AnsweredOn { get; set; }
    public string? Answer { get; set; }
    public string? AnsweredBy { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public string? Outcome { get; set; }
    public string? ClosedBy { get; set; }

    public bool IsOverdueOn(DateOnly day) => AnsweredOn is null && ClosedOn is null && AnswerDueOn < day;
}

public static class ComplaintVocabulary
{
    public static readonly IReadOnlyList<string> From = ["participant", "partner", "other"];
    public static readonly IReadOnlyList<string> Channels = ["phone", "e-mail", "letter", "in-person", "web"];
    public static readonly IReadOnlyList<string> Categories =
        ["service", "lending-terms", "repayment-and-collection", "personal-data", "discrimination", "staff-conduct", "other"];
    public static readonly IReadOnlyList<string> Outcomes = ["upheld", "partly-upheld", "not-upheld", "withdrawn"];
    public static readonly IReadOnlyList<string> States = ["open", "overdue", "closed", "all"];
}

/// <summary>How many days the programme gives itself to answer a complaint (<c>Neem:Complaints:AnswerDays</c>, default 14).</summary>
public sealed record ComplaintSettings(int AnswerDays)
{
    public static ComplaintSettings From(IConfiguration configuration) => new(Math.Clamp(configuration.GetValue("Neem:Complaints:AnswerDays", 14), 1, 90));
}

public sealed record RegisterComplaint(Guid ComplaintId, string From, string Channel, string Category, string Summary, DateOnly ReceivedOn,
    Guid? ParticipantId = null, Guid? PartnerId = null);

public sealed record AssignComplaint(string StaffId);

public sealed record AnswerComplaint(string Answer, DateOnly AnsweredOn);

public sealed record CloseComplaint(string Outcome, DateOnly ClosedOn);

public sealed record ComplaintList(IReadOnlyList<Complaint> Complaints, int Overdue);

/// <summary>A period's complaints as the funders' report counts them: received by category and channel, closed by outcome, answered late.</summary>
public sealed record ComplaintSummary(DateOnly From, DateOnly To, int Received, int Closed, int AnsweredLate, int OpenOverdue,
    IReadOnlyDictionary<string, int> ByCategory, IReadOnlyDictionary<string, int> ByChannel, IReadOnlyDictionary<string, int> ByOutcome);

/// <summary>A partner organisation a complaint may come from: its id and name only.</summary>
public sealed record ComplainingPartner(Guid Id, string Name);

public static class ComplaintEndpoints
{
    [WolverineGet("/api/complaints/partners", Name = "ListComplainingPartners")]
    [EndpointSummary("The region's partner organisations a complaint can come from (id and name only), by name")]
    [ProducesResponseType<IReadOnlyList<ComplainingPartner>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<ComplainingPartner>> Partners(RegionOptions region, IQuerySession session, CancellationToken ct) =>
        (await session.Query<Partners.Partner>().Where(p => p.Region == region.Region).ToListAsync(ct))
        .Select(p => new ComplainingPartner(p.Id, p.Name)).OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();

    private static IResult NotFound(Guid id) => Problems.NotFound("complaint", id);

    private static async Task<Complaint?> OwnAsync(IQuerySession session, Guid id, RegionOptions region, CancellationToken ct) =>
        await session.LoadAsync<Complaint>(id, ct) is { } c && c.Region == region.Region ? c : null;

    /// <summary>The region's complaint, locked for the rest of the request: two changes to one complaint never interleave.</summary>
    private static async Task<Complaint?> OwnForChangeAsync(IDocumentSession session, Guid id, RegionOptions region, CancellationToken ct)
    {
        await session.LockAsync($"complaint:{id}", ct);
        return await OwnAsync(session, id, region, ct);
    }

    /// <summary>A day that has come (a complaint is not received, answered or closed in the future).</summary>
    private static Validation Past(this Validation v, DateOnly day, string field, TimeProvider time) =>
        v.Date(day, field).Require(day <= SwedishTime.DateOf(time.GetUtcNow()), field, "Not in the future.");

    [WolverinePost("/api/complaints", Name = "RegisterComplaint")]
    [EndpointSummary("Register a complaint (the complaint id is yours: sending it again registers nothing new); it is due for an answer within the region's deadline")]
    [ProducesResponseType<Complaint>(StatusCodes.Status201Created)]
    [ProducesResponseType<Complaint>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Register(RegisterComplaint command, ClaimsPrincipal user, RegionOptions region, IDocumentSession session,
        ComplaintSettings settings, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation()
            .Require(command.ComplaintId != Guid.Empty, "complaintId", "A new id (a UUID) for the complaint, chosen by the caller.")
            .OneOf(command.From, ComplaintVocabulary.From, "from")
            .OneOf(command.Channel, ComplaintVocabulary.Channels, "channel")
            .OneOf(command.Category, ComplaintVocabulary.Categories, "category")
            .Text(command.Summary, "summary", 2000, required: true, multiline: true)
            .Past(command.ReceivedOn, "receivedOn", time)
            .Require(command.From != "participant" || command.ParticipantId is not null, "participantId", "Required when the complaint is from a participant.")
            .Require(command.From != "partner" || command.PartnerId is not null, "partnerId", "Required when the complaint is from a partner organisation.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        await session.LockAsync($"complaint:{command.ComplaintId}", ct);
        if (await session.LoadAsync<Complaint>(command.ComplaintId, ct) is { } earlier)
        {
            return earlier.Region == region.Region && earlier.Summary == command.Summary.Trim() && earlier.Category == command.Category
                   && earlier.ReceivedOn == command.ReceivedOn
                ? TypedResults.Ok(earlier)
                : Problems.ConflictResult("A complaint with this id is registered with other details.");
        }

        if (command.ParticipantId is { } participantId && await session.ForReadingAsync(participantId, user, ct) is null)
        {
            return Problems.NotFound("participant", participantId);
        }

        if (command.PartnerId is { } partnerId && (await session.LoadAsync<Partners.Partner>(partnerId, ct))?.Region != region.Region)
        {
            return Problems.NotFound("partner", partnerId);
        }

        var complaint = new Complaint
        {
            Id = command.ComplaintId,
            Region = region.Region,
            From = command.From,
            ParticipantId = command.ParticipantId,
            PartnerId = command.PartnerId,
            Channel = command.Channel,
            Category = command.Category,
            Summary = command.Summary.Trim(),
            ReceivedOn = command.ReceivedOn,
            AnswerDueOn = command.ReceivedOn.AddDays(settings.AnswerDays),
            RegisteredBy = user.StaffId(),
            RegisteredAt = time.GetUtcNow()
        };
        session.Store(complaint);
        return TypedResults.Created($"/api/complaints/{complaint.Id}", complaint);
    }

    [WolverineGet("/api/complaints", Name = "ListComplaints")]
    [EndpointSummary("The region's complaints (state: open, overdue, closed or all; default open), the oldest answer deadline first, with how many are overdue")]
    [ProducesResponseType<ComplaintList>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(RegionOptions region, IQuerySession session, TimeProvider time, CancellationToken ct, string state = "open")
    {
        var validation = new Validation().OneOf(state, ComplaintVocabulary.States, "state");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var today = SwedishTime.DateOf(time.GetUtcNow());
        var all = await session.Query<Complaint>().Where(c => c.Region == region.Region).ToListAsync(ct);
        var shown = all.Where(c => state switch
        {
            "open" => c.ClosedOn is null,
            "overdue" => c.IsOverdueOn(today),
            "closed" => c.ClosedOn is not null,
            _ => true
        }).OrderBy(c => c.AnswerDueOn).ThenBy(c => c.ReceivedOn).ToList();
        return TypedResults.Ok(new ComplaintList(shown, all.Count(c => c.IsOverdueOn(today))));
    }

    [WolverineGet("/api/complaints/{complaintId}", Name = "GetComplaint")]
    [EndpointSummary("One complaint")]
    [ProducesResponseType<Complaint>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid complaintId, RegionOptions region, IQuerySession session, CancellationToken ct) =>
        await OwnAsync(session, complaintId, region, ct) is { } c ? TypedResults.Ok(c) : NotFound(complaintId);

    [WolverinePut("/api/complaints/{complaintId}/assignee", Name = "AssignComplaint")]
    [Authorize(Policy = NeemPolicies.RegionManagement)]
    [EndpointSummary("Assign the complaint to a staff member, who answers it")]
    [ProducesResponseType<Complaint>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Assign(Guid complaintId, AssignComplaint command, RegionOptions region, IDocumentSession session, CancellationToken ct)
    {
        var validation = new Validation().StaffId(command.StaffId, "staffId");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await OwnForChangeAsync(session, complaintId, region, ct) is not { } complaint)
        {
            return NotFound(complaintId);
        }

        if (complaint.ClosedOn is not null)
        {
            return Problems.Refused("Complaint closed", "A closed complaint is not assigned again.");
        }

        complaint.AssignedTo = command.StaffId;
        session.Store(complaint);
        return TypedResults.Ok(complaint);
    }

    [WolverinePost("/api/complaints/{complaintId}/answer", Name = "AnswerComplaint")]
    [EndpointSummary("Record the answer given to the complainant (the same answer again changes nothing)")]
    [ProducesResponseType<Complaint>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> AnswerIt(Guid complaintId, AnswerComplaint command, ClaimsPrincipal user, RegionOptions region,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().Text(command.Answer, "answer", 4000, required: true, multiline: true).Past(command.AnsweredOn, "answeredOn", time);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await OwnForChangeAsync(session, complaintId, region, ct) is not { } complaint)
        {
            return NotFound(complaintId);
        }

        if (complaint.AnsweredOn is not null)
        {
            return complaint.Answer == command.Answer.Trim() && complaint.AnsweredOn == command.AnsweredOn
                ? TypedResults.Ok(complaint)
                : Problems.Refused("Complaint answered", "The complaint is answered already.");
        }

        if (command.AnsweredOn < complaint.ReceivedOn)
        {
            return Problems.Refused("Answer refused", "The answer is dated before the complaint was received.");
        }

        (complaint.Answer, complaint.AnsweredOn, complaint.AnsweredBy) = (command.Answer.Trim(), command.AnsweredOn, user.StaffId());
        session.Store(complaint);
        return TypedResults.Ok(complaint);
    }

    [WolverinePost("/api/complaints/{complaintId}/closure", Name = "CloseComplaint")]
    [Authorize(Policy = NeemPolicies.RegionManagement)]
    [EndpointSummary("Close an answered complaint with its outcome (upheld, partly-upheld, not-upheld; withdrawn needs no answer)")]
    [ProducesResponseType<Complaint>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Close(Guid complaintId, CloseComplaint command, ClaimsPrincipal user, RegionOptions region, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().OneOf(command.Outcome, ComplaintVocabulary.Outcomes, "outcome").Past(command.ClosedOn, "closedOn", time);
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await OwnForChangeAsync(session, complaintId, region, ct) is not { } complaint)
        {
            return NotFound(complaintId);
        }

        if (complaint.ClosedOn is not null)
        {
            return complaint.Outcome == command.Outcome && complaint.ClosedOn == command.ClosedOn
                ? TypedResults.Ok(complaint)
                : Problems.Refused("Complaint closed", "The complaint is closed already.");
        }

        if (command.Outcome != "withdrawn" && complaint.AnsweredOn is null)
        {
            return Problems.Refused("Closing refused", "Answer the complainant before closing the complaint (unless it was withdrawn).");
        }

        if (command.ClosedOn < (complaint.AnsweredOn ?? complaint.ReceivedOn))
        {
            return Problems.Refused("Closing refused", "The closing date lies before the complaint was received or answered.");
        }

        (complaint.Outcome, complaint.ClosedOn, complaint.ClosedBy) = (command.Outcome, command.ClosedOn, user.StaffId());
        session.Store(complaint);
        return TypedResults.Ok(complaint);
    }

    /// <summary>The period's counts (pure): received in it, closed in it by outcome, answered after their deadline, open and overdue at its end.</summary>
    public static ComplaintSummary Summarise(IReadOnlyCollection<Complaint> all, DateOnly from, DateOnly to)
    {
        var received = all.Where(c => c.ReceivedOn >= from && c.ReceivedOn <= to).ToList();
        var closed = all.Where(c => c.ClosedOn >= from && c.ClosedOn <= to).ToList();
        return new ComplaintSummary(from, to, received.Count, closed.Count,
            all.Count(c => c.AnsweredOn >= from && c.AnsweredOn <= to && c.AnsweredOn > c.AnswerDueOn),
            all.Count(c => c.ReceivedOn <= to && (c.AnsweredOn is null || c.AnsweredOn > to) && (c.ClosedOn is null || c.ClosedOn > to) && c.AnswerDueOn < to),
            ComplaintVocabulary.Categories.ToDictionary(k => k, k => received.Count(c => c.Category == k)),
            ComplaintVocabulary.Channels.ToDictionary(k => k, k => received.Count(c => c.Channel == k)),
            ComplaintVocabulary.Outcomes.ToDictionary(k => k, k => closed.Count(c => c.Outcome == k)));
    }

    [WolverineGet("/api/complaints/summary", Name = "SummariseComplaints")]
    [Authorize(Policy = NeemPolicies.ProgrammeManagement)]
    [EndpointSummary("The funders' report's complaint counts for a period (from, to): received by category and channel, closed by outcome, answered late, overdue at its end")]
    [ProducesResponseType<ComplaintSummary>(StatusCodes.Status200OK)]
    public static async Task<IResult> Summary(DateOnly from, DateOnly to, RegionOptions region, IQuerySession session, CancellationToken ct)
    {
        var validation = new Validation().Date(from, "from").Date(to, "to").Require(from <= to, "to", "Not before 'from'.");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var all = await session.Query<Complaint>().Where(c => c.Region == region.Region).ToListAsync(ct);
        return TypedResults.Ok(Summarise(all, from, to));
    }
}
