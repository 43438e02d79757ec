using Wolverine;
using Wolverine.Marten;

namespace NeemPlatform.Hosting;

/// <summary>
/// What a decider answers a command, with no I/O: the events to record, a refusal, or that the same command was already
/// carried out (a retry, answered with the state as it is). Every aggregate's deciders answer in this one shape, and
/// <see cref="DecisionAnswers"/> turns it into the endpoint's answer.
/// </summary>
public abstract record Decision<TEvent> where TEvent : notnull
{
    private protected Decision()
    {
    }

    /// <summary>Record <paramref name="Events"/>, in order.</summary>
    public sealed record Accepted(IReadOnlyList<TEvent> Events) : Decision<TEvent>;

    /// <summary>Refused: <paramref name="Detail"/> says why in words (422).</summary>
    public sealed record Refused(string Title, string Detail) : Decision<TEvent>;

    /// <summary>Refused by the four-eyes rule: who prepared or proposed it never approves it (403).</summary>
    public sealed record SecondPersonRequired(string What) : Decision<TEvent>;

    /// <summary>The same command was carried out before: nothing more to record.</summary>
    public sealed record AlreadyDone : Decision<TEvent>;

    /// <summary>No <paramref name="What"/> with this id (404).</summary>
    public sealed record NotFound(string What, Guid Id) : Decision<TEvent>;

    /// <summary>Fields that are wrong for this state, each named (400).</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : Decision<TEvent>;
}

/// <summary>Decisions every aggregate's deciders share.</summary>
public static class Decisions
{
    /// <summary>Record <paramref name="e"/>, or nothing when it is null (the same command again).</summary>
    public static Decision<TEvent> RecordOrAlreadyDone<TEvent>(TEvent? e) where TEvent : class =>
        e is null ? new Decision<TEvent>.AlreadyDone() : new Decision<TEvent>.Accepted([e]);

    /// <summary>
    /// The second step of a four-eyes decision: the pending proposal with this id, approved by someone other than the one who
    /// proposed it; then <paramref name="approve"/> decides.
    /// </summary>
    public static Decision<TEvent> SecondApproval<TEvent>(string what, string proposal, Guid id, (Guid Id, string By)? pending, string by,
        Func<Decision<TEvent>> approve) where TEvent : notnull
    {
        if (pending is not { } p || p.Id != id)
        {
            return new Decision<TEvent>.NotFound(proposal, id);
        }

        return p.By == by ? new Decision<TEvent>.SecondPersonRequired(what) : approve();
    }
}

/// <summary>A decision as an endpoint answers it.</summary>
public static class DecisionAnswers
{
    /// <summary>The state after the accepted events (<paramref name="fold"/>), the state as it is, or the problem.</summary>
    public static IResult Answer<TEvent, TState>(this Decision<TEvent> decision, TState state, Func<TState, IReadOnlyList<TEvent>, TState> fold)
        where TEvent : notnull => decision switch
    {
        Decision<TEvent>.Accepted accepted => TypedResults.Ok(fold(state, accepted.Events)),
        Decision<TEvent>.AlreadyDone => TypedResults.Ok(state),
        Decision<TEvent>.SecondPersonRequired second => Problems.FourEyes(second.What),
        Decision<TEvent>.Refused refused => Problems.Refused(refused.Title, refused.Detail),
        Decision<TEvent>.NotFound missing => Problems.NotFound(missing.What, missing.Id),
        Decision<TEvent>.Invalid invalid => Problems.Invalid(invalid.Errors),
        _ => throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.")
    };

    /// <summary>
    /// For Wolverine's aggregate workflow: the answer, and the events for Wolverine to append to the stream it loaded (none when
    /// the decision records nothing), in the same transaction as what the endpoint stores and sends.
    /// </summary>
    public static (IResult, Events) Outcome<TEvent, TState>(this Decision<TEvent> decision, TState state, Func<TState, IReadOnlyList<TEvent>, TState> fold)
        where TEvent : notnull
    {
        var events = new Events();
        if (decision is Decision<TEvent>.Accepted accepted)
        {
            events.AddRange(accepted.Events.Cast<object>());
        }

        return (decision.Answer(state, fold), events);
    }

    /// <summary>As <see cref="Outcome{TEvent, TState}(Decision{TEvent}, TState, Func{TState, IReadOnlyList{TEvent}, TState})"/>, and what <paramref name="tell"/> makes of each event to record (null: nothing).</summary>
    public static (IResult, Events, OutgoingMessages) Outcome<TEvent, TState>(this Decision<TEvent> decision, TState state,
        Func<TState, IReadOnlyList<TEvent>, TState> fold, Func<TEvent, object?> tell) where TEvent : notnull
    {
        var (answer, events) = decision.Outcome(state, fold);
        var messages = new OutgoingMessages();
        messages.AddRange(events.OfType<TEvent>().Select(tell).OfType<object>());
        return (answer, events, messages);
    }
}
