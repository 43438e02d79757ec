using NeemPlatform.Clients.Coaching.Models;
using NeemPlatform.Clients.Lending.Models;
using NeemPlatform.Clients.Participant.Models;

namespace NeemPlatform.Portal.Components.Shared;

/// <summary>Her journey as one timeline across the services: what happened, when, and who acted where the services say.</summary>
public static class Journey
{
    public sealed record Step(DateOnly On, string What, string? Who);

    private sealed class Steps(DateOnly fallback) : List<Step>
    {
        /// <summary>A step on a date the service gave (a date it left out puts the step at her registration, never drops it).</summary>
        public void Add(Microsoft.Kiota.Abstractions.Date? on, string what, string? who = null) => Add(new Step(Dates.Day(on) ?? fallback, what, who));

        public void Add(DateTimeOffset? at, string what, string? who = null) =>
            Add(new Step(at is { } a ? DateOnly.FromDateTime(a.UtcDateTime) : fallback, what, who));
    }

    public static IReadOnlyList<Step> Of(ParticipantView view, EnrolmentView? coaching, IReadOnlyList<LoanMilestones>? loans,
        IStringLocalizer<Texts> l, CurriculumVersion? curriculum = null)
    {
        var p = view.Participant ?? new Participant();
        var registered = Dates.Day(p.RegisteredOn) ?? DateOnly.MinValue;
        var steps = new Steps(registered);
        steps.Add(new Step(registered, l["Journey.Registered", l[$"Source.{p.Sources?.FirstOrDefault() ?? p.Source}"]], null));
        foreach (var referral in p.ReferralsReceived ?? [])
        {
            steps.Add(referral.ReceivedOn, l["Journey.Referral", l[$"ReferralStatus.{referral.Status}"]]);
        }

        foreach (var workshop in p.Workshops ?? [])
        {
            steps.Add(workshop.WorkshopOn, l[workshop.Attended switch { true => "Journey.WorkshopAttended", false => "Journey.WorkshopMissed", _ => "Journey.WorkshopInvited" }]);
        }

        if (p.Interview is { } interview)
        {
            steps.Add(interview.InterviewedOn, l["Journey.Interviewed", interview.Drive ?? 0, interview.Will ?? 0], interview.InterviewerId);
        }

        if (p.SelectedOn is { } selected)
        {
            steps.Add(selected, l["Journey.Selected"]);
        }

        if (p.NotSelectedReason is { } reason)
        {
            // Records folded before the decision's date was kept show the interview that preceded it.
            steps.Add(p.NotSelectedOn ?? p.Interview?.InterviewedOn ?? p.RegisteredOn, l["Journey.NotSelected", l[$"NotSelected.{reason}"]]);
        }

        if (p.WaitingSince is { } waiting)
        {
            steps.Add(waiting, l["Journey.Waiting"]);
        }

        if (p.JoinedGroupOn is { } joined)
        {
            steps.Add(joined, l["Journey.JoinedGroup"]);
        }

        if (coaching?.Enrolment is { } e)
        {
            steps.Add(e.EnrolledOn, l["Journey.Enrolled"], e.AdvisorId);
            foreach (var approval in e.Approvals ?? [])
            {
                var module = curriculum?.Modules?.FirstOrDefault(m => m.Code == approval.ModuleCode)?.Title?.InCurrentLanguage ?? approval.ModuleCode ?? "";
                steps.Add(approval.ApprovedOn, l["Journey.ModuleApproved", module], approval.ApprovedBy);
            }

            foreach (var attendance in e.Attendances ?? [])
            {
                steps.Add(attendance.SessionOn, l["Journey.Session", l[$"Attendance.{attendance.Status}"]]);
            }

            if (e.PlanApprovedOn is { } planned)
            {
                steps.Add(planned, l["Journey.PlanApproved", Formats.Money(e.FinancingNeedSek)]);
            }

            if (e.CompletedOn is { } completed)
            {
                steps.Add(completed, l["Journey.CoachingCompleted"]);
            }
        }

        foreach (var loan in loans ?? [])
        {
            steps.Add(loan.AppliedOn, l["Journey.LoanApplied", Formats.Money(loan.AmountSek), loan.TermMonths ?? 0], loan.PreparedBy);
            if (loan.ApprovedOn is { } approved)
            {
                steps.Add(approved, l["Journey.LoanApproved"], loan.ApprovedBy);
            }

            if (loan.RejectedOn is { } rejected)
            {
                steps.Add(rejected, l["Journey.LoanRejected"]);
            }

            if (loan.DisbursedOn is { } disbursed)
            {
                steps.Add(disbursed, l["Journey.LoanDisbursed"], loan.DisbursedBy);
            }

            if (loan.SettledOn is { } settled)
            {
                steps.Add(settled, l["Journey.LoanSettled"]);
            }

            if (loan.WrittenOffOn is { } writtenOff)
            {
                steps.Add(writtenOff, l["Journey.LoanWrittenOff"]);
            }
        }

        foreach (var change in p.ProfileChanges ?? [])
        {
            steps.Add(change.At, l["Journey.ProfileChanged"], change.ChangedBy);
        }

        foreach (var outcome in p.Outcomes ?? [])
        {
            steps.Add(outcome.OutcomeOn, l["Journey.Outcome", l[$"Outcome.{outcome.Outcome}"]]);
        }

        if (p.ExitedOn is { } exited)
        {
            steps.Add(exited, l["Journey.Exited"]);
        }

        foreach (var followUp in p.FollowUps ?? [])
        {
            steps.Add(followUp.FollowedUpOn, l["Journey.FollowedUpStatus", l[$"FollowUp.{followUp.Point}"], l[$"FollowUpStatus.{followUp.Status}"]],
                followUp.AnsweredBy == "participant" ? l["FollowUps.ByHer"].Value : null);
        }

        return steps.OrderBy(s => s.On).ToList();
    }
}
