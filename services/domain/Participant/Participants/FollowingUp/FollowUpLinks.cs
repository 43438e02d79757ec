namespace NeemPlatform.Participant.Participants.FollowingUp;

/// <summary>
/// A one-time link to a follow-up questionnaire, sent to the participant: she answers without an account. Only the SHA-256
/// of the link's secret is stored (the document id), so the database never holds a working link. It works once, until it
/// expires, and only while it is the newest link of her follow-up point.
/// </summary>
public sealed class FollowUpLink
{
    public string Id { get; set; } = "";
    public Guid ParticipantId { get; set; }
    public string Region { get; set; } = "";
    public string Point { get; set; } = "";
    public string IssuedBy { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset? ReplacedAt { get; set; }

    /// <summary>Why the link no longer works at <paramref name="now"/>, or null while it works.</summary>
    public string? GoneAt(DateTimeOffset now) =>
        UsedAt is not null ? "This follow-up was answered with this link already."
        : ReplacedAt is not null ? "A newer link was sent for this follow-up: use that one."
        : ExpiresAt <= now ? "This link has expired."
        : null;
}

/// <summary>How long a follow-up link works (<c>Neem:FollowUps:LinkDays</c>, default 30) and where the portal answers it.</summary>
public sealed record FollowUpLinkSettings(int ValidDays, string PortalPath = "/uppfoljning/")
{
    public static FollowUpLinkSettings From(IConfiguration configuration) =>
        new(Math.Clamp(configuration.GetValue("Neem:FollowUps:LinkDays", 30), 1, 365));
}

/// <summary>A link as the advisor (or the message that carries it) receives it: the secret is shown this once.</summary>
public sealed record IssuedFollowUpLink(string Token, string Path, string Point, DateTimeOffset ExpiresAt);

/// <summary>What the participant sees through her link: which follow-up, until when, and the questionnaire (nothing that identifies her).</summary>
public sealed record FollowUpForm(string Point, DateTimeOffset ExpiresAt, Questionnaire Questionnaire);

/// <summary>Her answers through the link: her status and the questionnaire's answers.</summary>
public sealed record AnswerFollowUp(string Status, FollowUpAnswers? Answers = null);

/// <summary>The answers are recorded.</summary>
public sealed record FollowUpAnswered(string Point, DateOnly FollowedUpOn);

public static class FollowUpLinks
{
    public const string RateLimitPolicy = "follow-up-links";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>A link's secret: 32 random bytes, base64url (43 characters).</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// Issues a new link for her follow-up point; the earlier open links of that point stop working. The caller saves the session.
    /// </summary>
    public static async Task<IssuedFollowUpLink> IssueAsync(IDocumentSession session, Participant participant, string point, string issuedBy,
        FollowUpLinkSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        var earlier = await session.Query<FollowUpLink>()
            .Where(l => l.ParticipantId == participant.Id && l.Point == point && l.UsedAt == null && l.ReplacedAt == null).ToListAsync(ct);
        foreach (var link in earlier)
        {
            link.ReplacedAt = now;
            session.Store(link);
        }

        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var issued = new FollowUpLink
        {
            Id = Hash(token),
            ParticipantId = participant.Id,
            Region = participant.Region,
            Point = point,
            IssuedBy = issuedBy,
            IssuedAt = now,
            ExpiresAt = now.AddDays(settings.ValidDays)
        };
        session.Store(issued);
        return new IssuedFollowUpLink(token, settings.PortalPath + token, point, issued.ExpiresAt);
    }

    /// <summary>Why no link may be issued for the point now, or null.</summary>
    public static string? RefusalToIssue(Participant p, string point) =>
        p.Erased ? "Her personal data was erased."
        : p.Status != ParticipantStatus.Exited ? "Follow-ups come after she left the programme."
        : (p.FollowUps ?? []).Any(f => f.Point == point) ? $"The {point} follow-up is already recorded."
        : null;

    public static IServiceCollection AddFollowUpLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(FollowUpLinkSettings.From(configuration));
        var perMinute = Math.Max(1, configuration.GetValue("Neem:FollowUps:LinkRequestsPerMinute", 30));
        // Per link: someone who has a link cannot hammer it, and guessing links is hopeless (2^256) whatever the rate.
        return services.Configure<RateLimiterOptions>(o => o.AddPolicy(RateLimitPolicy, context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Request.RouteValues["token"]?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true
            })));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoSuchLink() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not found",
        Type = Problems.TypeBase + "not-found",
        Detail = "No follow-up link with this address. Check that the whole link was copied."
    });

    [WolverinePost("/api/participants/{participantId}/follow-ups/{point}/link", Name = "IssueFollowUpLink")]
    [EndpointSummary("Issue a one-time link to her follow-up questionnaire (she answers without an account); an earlier link of the point stops working")]
    [ProducesResponseType<IssuedFollowUpLink>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Issue(Guid participantId, string point, ClaimsPrincipal user, IDocumentSession session, TimeProvider time,
        FollowUpLinkSettings settings, CancellationToken ct)
    {
        var validation = new Validation().OneOf(point, Vocabulary.FollowUpPoints, "point");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { } participant })
        {
            return Problems.NotFound("participant", participantId);
        }

        if (RefusalToIssue(participant, point) is { } refusal)
        {
            return Problems.Refused("Follow-up link refused", refusal);
        }

        var issued = await IssueAsync(session, participant, point, user.StaffId(), settings, time.GetUtcNow(), ct);
        return TypedResults.Created($"/api/follow-up-links/{issued.Token}", issued);
    }

    [WolverineGet("/api/follow-ups/questionnaire", Name = "GetFollowUpQuestionnaire")]
    [EndpointSummary("The current follow-up questionnaire, for the advisor who asks its questions on a call")]
    [ProducesResponseType<Questionnaire>(StatusCodes.Status200OK)]
    public static Questionnaire Questions() => FollowUpQuestionnaire.Version1;

    [WolverineGet("/api/follow-up-links/{token}", Name = "OpenFollowUpLink")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicy)]
    [Tags("Follow-up links")]
    [EndpointSummary("For the participant, without an account: the follow-up questionnaire her link opens")]
    [ProducesResponseType<FollowUpForm>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> Open(string token, IQuerySession session, RegionOptions region, TimeProvider time, CancellationToken ct)
    {
        if (!LooksLikeToken(token) || await session.LoadAsync<FollowUpLink>(Hash(token), ct) is not { } link || link.Region != region.Region)
        {
            return NoSuchLink();
        }

        return link.GoneAt(time.GetUtcNow()) is { } gone
            ? Problems.LinkGone(gone)
            : TypedResults.Ok(new FollowUpForm(link.Point, link.ExpiresAt, FollowUpQuestionnaire.Version1));
    }

    [WolverinePost("/api/follow-up-links/{token}", Name = "AnswerFollowUpLink")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicy)]
    [Tags("Follow-up links")]
    [EndpointSummary("For the participant, without an account: her answers to the follow-up her link opens (the link works once)")]
    [ProducesResponseType<FollowUpAnswered>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static async Task<IResult> Answer(string token, AnswerFollowUp command, IDocumentSession session, IMessageBus bus, RegionOptions region,
        TimeProvider time, CancellationToken ct)
    {
        var validation = new Validation().OneOf(command.Status, FollowUpQuestionnaire.Statuses, "status").Check(command.Status, command.Answers);
        if (!LooksLikeToken(token))
        {
            return NoSuchLink();
        }

        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        var id = Hash(token);
        // One answer per link even when she presses twice: the second request waits, then finds the link used.
        await session.LockAsync($"follow-up-link:{id}", ct);
        if (await session.LoadAsync<FollowUpLink>(id, ct) is not { } link || link.Region != region.Region)
        {
            return NoSuchLink();
        }

        var now = time.GetUtcNow();
        if (link.GoneAt(now) is { } gone)
        {
            return Problems.LinkGone(gone);
        }

        var stream = await session.FetchForExclusiveWritingAsync<Participant>(link.ParticipantId, ct);
        if (stream.Aggregate is not { Erased: false } participant)
        {
            return NoSuchLink();
        }

        var answer = new RecordFollowUp(link.Point, command.Status, SwedishTime.DateOf(now), command.Answers);
        var followedUp = RecordFollowUpEndpoint.Decide(participant, answer, Guid.CreateVersion7(now), now, out var refusal, FollowUpAnswerers.Participant);
        if (followedUp is null)
        {
            // Recorded meanwhile (her advisor reached her by phone): the link has nothing left to do.
            return Problems.LinkGone(refusal ?? $"The {link.Point} follow-up is already recorded.");
        }

        stream.AppendOne(followedUp);
        link.UsedAt = now;
        session.Store(link);
        await bus.PublishAsync(Participant.Apply(followedUp, participant).FollowedUp(followedUp));
        return TypedResults.Ok(new FollowUpAnswered(link.Point, followedUp.FollowedUpOn));
    }
}
