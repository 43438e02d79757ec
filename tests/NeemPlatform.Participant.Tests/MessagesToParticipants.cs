using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeemPlatform.Contracts;
using NeemPlatform.TestSupport;
using netDumbster.smtp;
using Wolverine;

namespace NeemPlatform.Participant.Tests;

/// <summary>The Participant service writing to an in-process SMTP server on a loopback port.</summary>
public class MessagingParticipantService : ParticipantService
{
    public SimpleSmtpServer Smtp { get; } = SimpleSmtpServer.Start(FreePort());

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Neem:Messages:Smtp:Host"] = "127.0.0.1",
        ["Neem:Messages:Smtp:Port"] = Smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Neem:Messages:Smtp:From"] = "NEEM Stockholm <stockholm@neem.se>"
    };

    public async Task DeliverAsync(object message)
    {
        using var scope = Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message);
    }

    /// <summary>The mails to one address, once the queue has had time to send what it was given.</summary>
    public async Task<IReadOnlyList<netDumbster.smtp.SmtpMessage>> MailsToAsync(string address, int expected)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(100))
        {
            if (Mails(address).Count >= expected)
            {
                break;
            }
        }

        await Task.Delay(500); // and nothing more comes after
        return Mails(address);
    }

    /// <summary>A mail's text as she reads it (decoded from its transfer encoding).</summary>
    public static string Text(netDumbster.smtp.SmtpMessage mail) =>
        MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Data))).TextBody ?? "";

    private List<netDumbster.smtp.SmtpMessage> Mails(string address) =>
        Smtp.ReceivedEmail.Where(m => m.ToAddresses.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
}

/// <summary>Messages to participants: once per rule, in her language, never when she said no, every one in her history.</summary>
public class when_the_programme_writes_to_a_participant(MessagingParticipantService service) : IClassFixture<MessagingParticipantService>
{
    private readonly HttpClient _staff = service.StaffClient();

    private async Task<(Guid Id, string Email)> RegisteredAsync()
    {
        var email = $"p{Guid.NewGuid():N}"[..12] + "@example.se";
        var person = People.Referral();
        person["email"] = email;
        var receipt = await (await _staff.PostAsJsonAsync("/api/participants", new { source = "walk-in", person })).JsonAsync();
        return (receipt.GetProperty("participantId").GetGuid(), email);
    }

    private static RepaymentReminderDue Reminder(Guid participant, Guid loan, int instalment, string rule) =>
        new(Guid.NewGuid(), loan, participant, "stockholm", instalment, rule, new DateOnly(2026, 12, 31), 1_234.50m, DateTimeOffset.UtcNow);

    [Fact]
    public async Task a_reminder_that_arrives_three_times_is_one_mail_per_rule_and_instalment()
    {
        var (id, email) = await RegisteredAsync();
        var loan = Guid.NewGuid();

        for (var run = 0; run < 3; run++)
        {
            await service.DeliverAsync(Reminder(id, loan, 1, "before-3"));
            await service.DeliverAsync(Reminder(id, loan, 1, "late-5"));
            await service.DeliverAsync(Reminder(id, loan, 2, "before-3"));
        }

        var mails = await service.MailsToAsync(email, 3);
        Assert.Equal(3, mails.Count);
        Assert.Equal(2, mails.Count(m => m.Headers["Subject"] == "Påminnelse: betalning snart"));
        Assert.Contains(mails, m => MessagingParticipantService.Text(m).Contains("1 234,50 kr") && MessagingParticipantService.Text(m).Contains("Amina"));
        var history = await _staff.GetFromJsonAsync<JsonElement>($"/api/participants/{id}/messages");
        Assert.Equal(3, history.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "sent"));
    }

    [Fact]
    public async Task she_is_written_to_in_her_language_and_not_at_all_once_she_said_no()
    {
        var (english, englishEmail) = await RegisteredAsync();
        var (optedOut, optedOutEmail) = await RegisteredAsync();
        (await _staff.PutAsJsonAsync($"/api/participants/{english}/contact-preferences", new { language = "en", optedOut = false })).EnsureSuccessStatusCode();
        (await _staff.PutAsJsonAsync($"/api/participants/{optedOut}/contact-preferences", new { language = "sv", optedOut = true })).EnsureSuccessStatusCode();
        var badLanguage = await _staff.PutAsJsonAsync($"/api/participants/{english}/contact-preferences", new { language = "de", optedOut = false });
        var workshop = await (await _staff.PostAsJsonAsync("/api/workshops", new { scheduledOn = "2026-12-15", place = "Fittja bibliotek" })).JsonAsync();

        await (await _staff.PostAsJsonAsync($"/api/workshops/{workshop.GetProperty("id").GetGuid()}/invitations",
            new { participantIds = new[] { english, optedOut } })).JsonAsync();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badLanguage.StatusCode);
        var mail = Assert.Single(await service.MailsToAsync(englishEmail, 1));
        Assert.Equal("Invitation to an information workshop", mail.Headers["Subject"]);
        Assert.Contains("2026-12-15 at Fittja bibliotek", MessagingParticipantService.Text(mail));
        Assert.Empty(await service.MailsToAsync(optedOutEmail, 0));
        var history = await _staff.GetFromJsonAsync<JsonElement>($"/api/participants/{optedOut}/messages");
        Assert.Equal("opted-out", Assert.Single(history.GetProperty("messages").EnumerateArray()).GetProperty("status").GetString());
        // Nothing she was sent reaches an event or a message to another service.
        Assert.Equal(0, await service.CountAsync($"select count(*) from participant.mt_events where data::text like '%{englishEmail}%'"));
    }
}

/// <summary>Follow-up links sent when a follow-up falls due.</summary>
public class when_her_follow_up_falls_due(MessagingParticipantService service) : IClassFixture<MessagingParticipantService>
{
    private readonly HttpClient _staff = service.StaffClient();

    [Fact]
    public async Task the_job_sends_her_one_link_per_due_follow_up_however_often_it_runs_and_the_link_opens_her_questionnaire()
    {
        var email = $"f{Guid.NewGuid():N}"[..12] + "@example.se";
        var person = People.Referral();
        person["email"] = email;
        var id = (await (await _staff.PostAsJsonAsync("/api/participants", new { source = "walk-in", person })).JsonAsync()).GetProperty("participantId").GetGuid();
        await service.RoomyGroupAsync();
        await ParticipantService.InterviewAsync(_staff, id);
        await ParticipantService.SelectAsync(_staff, id);
        (await _staff.PostAsJsonAsync($"/api/participants/{id}/exit", new { exitedOn = ParticipantService.Today, reason = "completed" })).EnsureSuccessStatusCode();
        var left = SwedishToday.Date;
        foreach (var (point, months) in new[] { ("at-exit", 0), ("six-months", 6) })
        {
            await service.DeliverAsync(new FollowUpDue(Guid.NewGuid(), id, "stockholm", left, left.AddMonths(months), DateTimeOffset.UtcNow, point));
        }

        var manager = service.StaffClient("region-manager");
        for (var run = 0; run < 3; run++)
        {
            (await manager.PostAsJsonAsync("/api/follow-ups/link-runs", new { asOf = left.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
        }

        var mail = Assert.Single(await service.MailsToAsync(email, 1)); // the at-exit follow-up only: the six-month one is not due yet
        var body = MessagingParticipantService.Text(mail);
        var token = System.Text.RegularExpressions.Regex.Match(body, "/uppfoljning/([A-Za-z0-9_-]{43})").Groups[1].Value;
        Assert.NotEmpty(token);
        var form = await service.Host.Server.CreateClient().GetFromJsonAsync<JsonElement>($"/api/follow-up-links/{token}");
        Assert.Equal("at-exit", form.GetProperty("point").GetString());
    }
}
