using Wolverine.Attributes;

namespace NeemPlatform.Contracts;

// Contracts are the platform's public API between services: positional records of primitives, Guids,
// dates and decimals; no direct identifiers (names, identity numbers, contact details) ever.
// EventId is the producer's unique id for the fact: consumers de-duplicate on it, for ever.
// Changes are additive; a breaking change is a new message with a new ".vN" identity.

/// <summary>
/// An advisor selected the participant for the programme.
/// Producer: Participant. Consumers: Coaching (enrols her), Impact (MIS history).
/// </summary>
[MessageIdentity("neem.participant.selected.v1")]
public sealed record ParticipantSelected(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    DateOnly SelectedOn,
    DateTimeOffset OccurredAt);

/// <summary>
/// The participant left the programme, with her next step in life.
/// Producer: Participant. Consumers: Impact (MIS history, outcomes, follow-up).
/// </summary>
[MessageIdentity("neem.participant.left-programme.v1")]
public sealed record ParticipantLeftProgramme(
    Guid EventId,
    Guid ParticipantId,
    string Region,
    string Outcome,
    DateOnly LeftOn,
    DateTimeOffset OccurredAt);

/// <summary>The next steps in life the programme counts (PROGRAM.md).</summary>
public static class ProgrammeOutcomes
{
    public const string Studies = "studies";
    public const string Internship = "internship";
    public const string Employment = "employment";
    public const string StartedCompany = "started-company";
    public const string NoNextStep = "no-next-step";

    public static readonly IReadOnlyList<string> All = [Studies, Internship, Employment, StartedCompany, NoNextStep];
}
