using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Wolverine.ErrorHandling;

namespace NeemPlatform.Participant.Messaging;

/// <summary>
/// A message to a participant, kept in her history. Its id is the rule that sent it and what for ("repayment:{loan}:{n}:before"),
/// so a rule sends once however often its job runs or a message arrives. It holds her address and words written to her,
/// so it is personal data: erased with her record.
/// </summary>
public sealed class OutgoingMessage
{
    public string Id { get; set; } = "";
    public Guid ParticipantId { get; set; }
    public string Rule { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Language { get; set; } = "";
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string Status { get; set; } = MessageStatus.Queued;
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
}

public static class MessageStatus
{
    public const string Queued = "queued";
    public const string Sent = "sent";

    /// <summary>Not sent: she said no to messages.</summary>
    public const string OptedOut = "opted-out";

    /// <summary>Not sent: no e-mail address or phone number is known.</summary>
    public const string NoAddress = "no-address";
}

/// <summary>Sends one stored message (a local durable queue: it survives a restart and is retried until the server takes it).</summary>
public sealed record SendMessage(string MessageId);

/// <summary>Her message history as staff see it.</summary>
public sealed record MessageLine(string Rule, string Channel, string Language, string Subject, string Status, DateTimeOffset QueuedAt, DateTimeOffset? SentAt);

public sealed record MessageHistory(Guid ParticipantId, string Language, bool OptedOut, IReadOnlyList<MessageLine> Messages);

/// <summary>How she wants to be written to: language (sv, en, sv-plain) and whether at all.</summary>
public sealed record SetContactPreferences(string Language, bool OptedOut);

/// <summary>A message's words in the three languages.</summary>
public sealed record MessageText(string Subject, string Body);

/// <summary>The words of each rule's message, in Swedish, English and plain Swedish.</summary>
public static class MessageTexts
{
    public static readonly IReadOnlyList<string> Languages = ["sv", "en", "sv-plain"];

    public static MessageText Pick(string language, MessageText sv, MessageText en, MessageText plain) =>
        language switch { "en" => en, "sv-plain" => plain, _ => sv };

    public static MessageText WorkshopInvitation(string language, string firstName, DateOnly on, string place) => Pick(language,
        new("Inbjudan till informationsträff", $"Hej {firstName}!\n\nVälkommen till NEEM:s informationsträff {on:yyyy-MM-dd} på {place}. Där berättar vi om programmet för dig som vill starta eget.\n\nVänliga hälsningar\nNEEM"),
        new("Invitation to an information workshop", $"Hello {firstName},\n\nYou are welcome to NEEM's information workshop on {on:yyyy-MM-dd} at {place}, about the programme for those who want to start a business.\n\nKind regards\nNEEM"),
        new("Kom till vår träff", $"Hej {firstName}!\n\nVi har en träff {on:yyyy-MM-dd}.\nPlats: {place}.\nVi berättar om hur du kan starta eget.\n\nNEEM"));

    public static MessageText FollowUpLink(string language, string firstName, string link, DateTimeOffset until) => Pick(language,
        new("Hur går det för dig?", $"Hej {firstName}!\n\nVi vill gärna veta hur det går för dig efter NEEM. Svara på några frågor här (det tar fem minuter, inget konto behövs):\n{link}\n\nLänken fungerar en gång, till och med {until:yyyy-MM-dd}.\n\nVänliga hälsningar\nNEEM"),
        new("How are you doing?", $"Hello {firstName},\n\nWe would like to know how you are doing after NEEM. Please answer a few questions here (five minutes, no account needed):\n{link}\n\nThe link works once, until {until:yyyy-MM-dd}.\n\nKind regards\nNEEM"),
        new("Hur går det?", $"Hej {firstName}!\n\nHur går det för dig nu?\nSvara på frågorna här:\n{link}\n\nDu kan svara till {until:yyyy-MM-dd}.\n\nNEEM"));

    public static MessageText RepaymentReminder(string language, string firstName, string rule, int instalment, DateOnly dueOn, decimal amountSek)
    {
        // As Swedes write it, with a plain space between thousands (a text message has no non-breaking space): 1 234,50.
        var amount = amountSek.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture).Replace(',', ' ').Replace('.', ',');
        return rule.StartsWith("before", StringComparison.Ordinal)
            ? Pick(language,
                new("Påminnelse: betalning snart", $"Hej {firstName}!\n\nDin avbetalning nummer {instalment} på {amount} kr ska vara betald senast {dueOn:yyyy-MM-dd}.\n\nVänliga hälsningar\nNEEM"),
                new("Reminder: a payment is due soon", $"Hello {firstName},\n\nYour instalment number {instalment} of SEK {amount} is due by {dueOn:yyyy-MM-dd}.\n\nKind regards\nNEEM"),
                new("Snart dags att betala", $"Hej {firstName}!\n\nDu ska betala {amount} kr.\nBetala senast {dueOn:yyyy-MM-dd}.\n\nNEEM"))
            : Pick(language,
                new("Din betalning är sen", $"Hej {firstName}!\n\nVi har inte fått din avbetalning nummer {instalment} på {amount} kr som skulle vara betald {dueOn:yyyy-MM-dd}. Hör av dig till oss om du behöver hjälp med en ny plan.\n\nVänliga hälsningar\nNEEM"),
                new("Your payment is late", $"Hello {firstName},\n\nWe have not received your instalment number {instalment} of SEK {amount}, due on {dueOn:yyyy-MM-dd}. Contact us if you need help with a new plan.\n\nKind regards\nNEEM"),
                new("Du har inte betalat", $"Hej {firstName}!\n\nDu skulle betala {amount} kr {dueOn:yyyy-MM-dd}.\nVi har inte fått pengarna.\nRing oss om du behöver hjälp.\n\nNEEM"));
    }
}

/// <summary>
/// Where messages go: e-mail through an SMTP server (<c>Neem:Messages:Smtp:Host, Port, From, User, Password</c>), SMS through an
/// HTTP gateway (<c>Neem:Messages:Sms:GatewayUrl</c>). Without a server or gateway, in Development only, each message is written
/// to a file in <c>Neem:Messages:DevelopmentOutbox</c> (default: messages/ under the service's folder), so a local run shows what was sent.
/// </summary>
public sealed record MessageSettings(string? SmtpHost, int SmtpPort, string From, string? SmtpUser, string? SmtpPassword, Uri? SmsGateway,
    string? DevelopmentOutbox, string PortalUrl)
{
    public static MessageSettings Read(IConfiguration configuration, IHostEnvironment environment) => new(
        configuration["Neem:Messages:Smtp:Host"] is { Length: > 0 } host ? host : null,
        configuration.GetValue("Neem:Messages:Smtp:Port", 587),
        configuration["Neem:Messages:Smtp:From"] ?? "NEEM <no-reply@neem.se>",
        configuration["Neem:Messages:Smtp:User"], configuration["Neem:Messages:Smtp:Password"],
        Uri.TryCreate(configuration["Neem:Messages:Sms:GatewayUrl"], UriKind.Absolute, out var gateway) ? gateway : null,
        environment.IsDevelopment() ? configuration["Neem:Messages:DevelopmentOutbox"] ?? Path.Combine(environment.ContentRootPath, "messages") : null,
        (configuration["Neem:Portal:PublicUrl"] ?? "http://localhost:5100").TrimEnd('/'));
}

/// <summary>Hands one message to the channel's server; throws when it is not taken (the queue retries).</summary>
public sealed class MessageChannels(MessageSettings settings, IHttpClientFactory http, ILogger<MessageChannels> logger)
{
    public const string SmsClient = "sms-gateway";

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        if (message.Channel == "email" && settings.SmtpHost is { } host)
        {
            var mail = new MimeMessage();
            mail.From.Add(MailboxAddress.Parse(settings.From));
            mail.To.Add(MailboxAddress.Parse(message.To));
            mail.Subject = message.Subject;
            mail.Body = new TextPart("plain") { Text = message.Body };
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync(host, settings.SmtpPort, SecureSocketOptions.StartTlsWhenAvailable, ct);
            if (settings.SmtpUser is { Length: > 0 } user)
            {
                await smtp.AuthenticateAsync(user, settings.SmtpPassword ?? "", ct);
            }

            await smtp.SendAsync(mail, ct);
            await smtp.DisconnectAsync(true, ct);
        }
        else if (message.Channel == "sms" && settings.SmsGateway is { } gateway)
        {
            using var response = await http.CreateClient(SmsClient).PostAsJsonAsync(gateway, new { to = message.To, text = message.Body }, ct);
            response.EnsureSuccessStatusCode();
        }
        else if (settings.DevelopmentOutbox is { } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, $"{message.QueuedAt:yyyyMMddHHmmss}-{message.Channel}-{Guid.NewGuid():N}.txt"),
                $"To: {message.To}\nChannel: {message.Channel}\nSubject: {message.Subject}\n\n{message.Body}\n", ct);
            logger.LogInformation("Development: message {Rule} written to the development outbox", message.Rule);
        }
        else
        {
            throw new InvalidOperationException($"No {message.Channel} server is configured (Neem:Messages).");
        }
    }
}

public static class SendMessageHandler
{
    /// <summary>
    /// A server that does not take the message now (down, refusing, timing out) is tried again later: after half a minute,
    /// two, ten and thirty minutes, two and six hours; then the message waits in the dead letters for an operator.
    /// </summary>
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnAnyException().ScheduleRetry(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
            TimeSpan.FromHours(2), TimeSpan.FromHours(6));

    public static async Task Handle(SendMessage command, IDocumentSession session, MessageChannels channels, TimeProvider time, CancellationToken ct)
    {
        if (await session.LoadAsync<OutgoingMessage>(command.MessageId, ct) is not { Status: MessageStatus.Queued } message)
        {
            return; // sent already, or erased with her record
        }

        message.Attempts++;
        await channels.SendAsync(message, ct);
        message.Status = MessageStatus.Sent;
        message.SentAt = time.GetUtcNow();
        session.Store(message);
    }
}

public static class Messages
{
    /// <summary>
    /// Queues the message of one rule for her, once: a second call with the same key does nothing. It is stored with its
    /// sending in the same transaction (Wolverine's outbox), so it is neither lost nor sent twice. Returns whether it was queued now.
    /// </summary>
    public static async Task<bool> QueueOnceAsync(IDocumentSession session, IMessageBus bus, Guid participantId, string key, string rule,
        Func<string, string, MessageText> words, DateTimeOffset now, CancellationToken ct)
    {
        await session.LockAsync($"message:{key}", ct);
        if (await session.LoadAsync<OutgoingMessage>(key, ct) is not null)
        {
            return false;
        }

        var record = await session.LoadAsync<PersonalDataRecord>(participantId, ct);
        var channel = record?.Email is { Length: > 0 } ? "email" : record?.Phone is { Length: > 0 } ? "sms" : "none";
        var language = record?.MessageLanguage ?? "sv";
        var text = record is null ? new MessageText("", "") : words(language, record.FirstName);
        var message = new OutgoingMessage
        {
            Id = key,
            ParticipantId = participantId,
            Rule = rule,
            Channel = channel,
            Language = language,
            To = channel == "email" ? record!.Email! : channel == "sms" ? record!.Phone! : "",
            Subject = text.Subject,
            Body = text.Body,
            QueuedAt = now,
            Status = record is null || record.OptedOutOfMessages ? MessageStatus.OptedOut : channel == "none" ? MessageStatus.NoAddress : MessageStatus.Queued
        };
        if (message.Status != MessageStatus.Queued)
        {
            // Kept so that her history says what was not sent and why; the words are not kept.
            (message.Subject, message.Body, message.To) = (text.Subject, "", "");
        }

        session.Store(message);
        if (message.Status == MessageStatus.Queued)
        {
            await bus.PublishAsync(new SendMessage(key));
        }

        return true;
    }

    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(MessageSettings.Read(configuration, environment));
        services.AddHttpClient(MessageChannels.SmsClient);
        services.AddHostedService<DailyFollowUpLinks>();
        return services.AddSingleton<MessageChannels>();
    }

    [WolverineGet("/api/participants/{participantId}/messages", Name = "GetMessageHistory")]
    [EndpointSummary("Every message sent (or not sent, and why) to her, newest first, with her language and whether she said no to messages")]
    [ProducesResponseType<MessageHistory>(StatusCodes.Status200OK)]
    public static async Task<IResult> History(Guid participantId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await session.ForReadingAsync(participantId, user, ct) is null)
        {
            return Problems.NotFound("participant", participantId);
        }

        var record = await session.LoadAsync<PersonalDataRecord>(participantId, ct);
        var messages = await session.Query<OutgoingMessage>().Where(m => m.ParticipantId == participantId).ToListAsync(ct);
        return TypedResults.Ok(new MessageHistory(participantId, record?.MessageLanguage ?? "sv", record?.OptedOutOfMessages ?? false,
            messages.OrderByDescending(m => m.QueuedAt).Select(m => new MessageLine(m.Rule, m.Channel, m.Language, m.Subject, m.Status, m.QueuedAt, m.SentAt))
                .ToList()));
    }

    [WolverinePut("/api/participants/{participantId}/contact-preferences", Name = "SetContactPreferences")]
    [EndpointSummary("Her language for messages (sv, en, sv-plain) and whether she wants them at all")]
    [ProducesResponseType<MessageHistory>(StatusCodes.Status200OK)]
    public static async Task<IResult> Preferences(Guid participantId, SetContactPreferences command, ClaimsPrincipal user, IDocumentSession session,
        CancellationToken ct)
    {
        var validation = new Validation().OneOf(command.Language, MessageTexts.Languages, "language");
        if (!validation.IsValid)
        {
            return Problems.Invalid(validation.Errors);
        }

        if (await session.ForWritingAsync(participantId, user, ct) is not { Aggregate: { Erased: false } }
            || await session.LoadAsync<PersonalDataRecord>(participantId, ct) is not { } record)
        {
            return Problems.NotFound("participant", participantId);
        }

        record.MessageLanguage = command.Language;
        record.OptedOutOfMessages = command.OptedOut;
        session.Store(record);
        var messages = await session.Query<OutgoingMessage>().Where(m => m.ParticipantId == participantId).ToListAsync(ct);
        return TypedResults.Ok(new MessageHistory(participantId, record.MessageLanguage, record.OptedOutOfMessages,
            messages.OrderByDescending(m => m.QueuedAt).Select(m => new MessageLine(m.Rule, m.Channel, m.Language, m.Subject, m.Status, m.QueuedAt, m.SentAt))
                .ToList()));
    }
}
