using Microsoft.Extensions.Localization;
using NeemPlatform.Portal.Api;

namespace NeemPlatform.Portal.Components.Shared;

/// <summary>Her journey as one timeline across the services: what happened, when, and who acted where the services say.</summary>
public static class Journey
{
    public sealed record Step(DateOnly On, string What, string? Who);

    public static IReadOnlyList<Step> Of(ParticipantView view, EnrolmentView? coaching, IReadOnlyList<LoanMilestones>? loans,
        IStringLocalizer<Texts> l, CurriculumVersion? curriculum = null)
    {
        var p = view.Participant;
        var steps = new List<Step> { new(p.RegisteredOn, l["Journey.Registered", l[$"Source.{p.Sources[0]}"]], null) };
        foreach (var referral in p.ReferralsReceived ?? [])
        {
            steps.Add(new(referral.ReceivedOn, l["Journey.Referral", l[$"ReferralStatus.{referral.Status}"]], null));
        }

        foreach (var workshop in p.Workshops ?? [])
        {
            steps.Add(new(workshop.WorkshopOn, l[workshop.Attended switch { true => "Journey.WorkshopAttended", false => "Journey.WorkshopMissed", _ => "Journey.WorkshopInvited" }], null));
        }

        if (p.Interview is { } interview)
        {
            steps.Add(new(interview.InterviewedOn, l["Journey.Interviewed", interview.Drive, interview.Will], interview.InterviewerId));
        }

        if (p.SelectedOn is { } selected)
        {
            steps.Add(new(selected, l["Journey.Selected"], null));
        }

        if (p.NotSelectedReason is { } reason)
        {
            // Records folded before the decision's date was kept show the interview that preceded it.
            steps.Add(new(p.NotSelectedOn ?? p.Interview?.InterviewedOn ?? p.RegisteredOn, l["Journey.NotSelected", l[$"NotSelected.{reason}"]], null));
        }

        if (p.WaitingSince is { } waiting)
        {
            steps.Add(new(DateOnly.FromDateTime(waiting.UtcDateTime), l["Journey.Waiting"], null));
        }

        if (p.JoinedGroupOn is { } joined)
        {
            steps.Add(new(joined, l["Journey.JoinedGroup"], null));
        }

        if (coaching?.Enrolment is { } e)
        {
            steps.Add(new(e.EnrolledOn, l["Journey.Enrolled"], e.AdvisorId));
            foreach (var approval in e.Approvals ?? [])
            {
                var module = curriculum?.Modules.FirstOrDefault(m => m.Code == approval.ModuleCode)?.Title.InCurrentLanguage ?? approval.ModuleCode;
                steps.Add(new(approval.ApprovedOn, l["Journey.ModuleApproved", module], approval.ApprovedBy));
            }

            foreach (var attendance in e.Attendances ?? [])
            {
                steps.Add(new(attendance.SessionOn, l["Journey.Session", l[$"Attendance.{attendance.Status}"]], null));
            }

            if (e.PlanApprovedOn is { } planned)
            {
                steps.Add(new(planned, l["Journey.PlanApproved", Formats.Money(e.FinancingNeedSek)], null));
            }

            if (e.CompletedOn is { } completed)
            {
                steps.Add(new(completed, l["Journey.CoachingCompleted"], null));
            }
        }

        foreach (var loan in loans ?? [])
        {
            steps.Add(new(loan.AppliedOn, l["Journey.LoanApplied", Formats.Money(loan.AmountSek), loan.TermMonths], loan.PreparedBy));
            if (loan.ApprovedOn is { } approved)
            {
                steps.Add(new(approved, l["Journey.LoanApproved"], loan.ApprovedBy));
            }

            if (loan.RejectedOn is { } rejected)
            {
                steps.Add(new(rejected, l["Journey.LoanRejected"], null));
            }

            if (loan.DisbursedOn is { } disbursed)
            {
                steps.Add(new(disbursed, l["Journey.LoanDisbursed"], loan.DisbursedBy));
            }

            if (loan.SettledOn is { } settled)
            {
                steps.Add(new(settled, l["Journey.LoanSettled"], null));
            }

            if (loan.WrittenOffOn is { } writtenOff)
            {
                steps.Add(new(writtenOff, l["Journey.LoanWrittenOff"], null));
            }
        }

        foreach (var change in p.ProfileChanges ?? [])
        {
            steps.Add(new(DateOnly.FromDateTime(change.At.UtcDateTime), l["Journey.ProfileChanged"], change.ChangedBy));
        }

        foreach (var outcome in p.Outcomes ?? [])
        {
            steps.Add(new(outcome.OutcomeOn, l["Journey.Outcome", l[$"Outcome.{outcome.Outcome}"]], null));
        }

        if (p.ExitedOn is { } exited)
        {
            steps.Add(new(exited, l["Journey.Exited"], null));
        }

        foreach (var followUp in p.FollowUps ?? [])
        {
            steps.Add(new(followUp.FollowedUpOn, l["Journey.FollowedUp", l[$"FollowUp.{followUp.Point}"]], null));
        }

        return steps.OrderBy(s => s.On).ToList();
    }
}
