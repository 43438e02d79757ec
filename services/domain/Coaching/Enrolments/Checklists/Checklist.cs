namespace NeemPlatform.Coaching.Enrolments.Checklists;

/// <summary>
/// The rules of the checklists, as pure functions: items are ticked in modules that are not yet approved;
/// a module is approved only when every mandatory item is ticked and the module before it is approved; an
/// approved module can be reopened with a reason. The last approval completes the coaching.
/// </summary>
public static class Checklist
{
    public sealed record Refusal(string Reason);

    private static (Module? Module, Refusal? Refusal) FindModule(CurriculumVersion curriculum, Enrolment enrolment, string moduleCode)
    {
        if (!enrolment.IsActive)
        {
            return (null, new Refusal($"The coaching has ended ({enrolment.Status})."));
        }

        var module = curriculum.Find(moduleCode);
        return module is null ? (null, new Refusal($"No module '{moduleCode}' in curriculum version {curriculum.Version}.")) : (module, null);
    }

    public static object Tick(CurriculumVersion curriculum, Enrolment enrolment, string moduleCode, string itemCode, DateOnly on, string by,
        DateTimeOffset now)
    {
        var (module, refusal) = FindModule(curriculum, enrolment, moduleCode);
        if (refusal is not null)
        {
            return refusal;
        }

        if (module!.Items.All(i => i.Code != itemCode))
        {
            return new Refusal($"No item '{itemCode}' in module '{moduleCode}'.");
        }

        if (enrolment.IsApproved(moduleCode))
        {
            return new Refusal($"Module '{moduleCode}' is approved: reopen it first.");
        }

        if (on < enrolment.EnrolledOn)
        {
            return new Refusal("The date lies before her enrolment.");
        }

        return enrolment.IsTicked(moduleCode, itemCode)
            ? Array.Empty<object>()
            : new ItemTicked(enrolment.Id, moduleCode, itemCode, on, by, now);
    }

    public static object Untick(CurriculumVersion curriculum, Enrolment enrolment, string moduleCode, string itemCode, string by, DateTimeOffset now)
    {
        var (_, refusal) = FindModule(curriculum, enrolment, moduleCode);
        if (refusal is not null)
        {
            return refusal;
        }

        if (enrolment.IsApproved(moduleCode))
        {
            return new Refusal($"Module '{moduleCode}' is approved: reopen it first.");
        }

        return enrolment.IsTicked(moduleCode, itemCode)
            ? new ItemUnticked(enrolment.Id, moduleCode, itemCode, by, now)
            : Array.Empty<object>();
    }

    /// <summary>The approval, and the completion when it was the last module; or why not.</summary>
    public static object Approve(CurriculumVersion curriculum, Enrolment enrolment, string moduleCode, DateOnly on, string by,
        Guid eventId, Guid completionId, DateTimeOffset now)
    {
        var (module, refusal) = FindModule(curriculum, enrolment, moduleCode);
        if (refusal is not null)
        {
            return refusal;
        }

        if (enrolment.IsApproved(moduleCode))
        {
            return Array.Empty<object>();
        }

        if (curriculum.Before(module!) is { } before && !enrolment.IsApproved(before.Code))
        {
            return new Refusal($"Module '{before.Code}' comes first: approve it before '{moduleCode}'.");
        }

        var missing = module!.Items.Where(i => i.Mandatory && !enrolment.IsTicked(moduleCode, i.Code)).Select(i => i.Code).ToList();
        if (missing.Count > 0)
        {
            return new Refusal($"Mandatory items not ticked: {string.Join(", ", missing)}.");
        }

        if (on < enrolment.EnrolledOn)
        {
            return new Refusal("The date lies before her enrolment.");
        }

        var approved = new ModuleApproved(enrolment.Id, eventId, moduleCode, on, by, now);
        var all = curriculum.Modules.All(m => m.Code == moduleCode || enrolment.IsApproved(m.Code));
        return all
            ? new object[] { approved, new CoachingCompletedEvent(enrolment.Id, completionId, on, now) }
            : new object[] { approved };
    }

    public static object Reopen(CurriculumVersion curriculum, Enrolment enrolment, string moduleCode, DateOnly on, string by, DateTimeOffset now)
    {
        var (_, refusal) = FindModule(curriculum, enrolment, moduleCode);
        if (refusal is not null)
        {
            return refusal;
        }

        return enrolment.IsApproved(moduleCode)
            ? new ModuleReopened(enrolment.Id, moduleCode, on, by, now)
            : new Refusal($"Module '{moduleCode}' is not approved.");
    }

    /// <summary>The outcome of a decider as events (none, one or several) or a refusal.</summary>
    public static IReadOnlyList<IEnrolmentEvent> Events(object outcome) => outcome switch
    {
        object[] many => many.Cast<IEnrolmentEvent>().ToList(),
        Refusal => [],
        IEnrolmentEvent one => [one],
        _ => throw new ArgumentException($"{outcome.GetType().Name} is not a checklist outcome.", nameof(outcome))
    };
}
