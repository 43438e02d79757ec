namespace NeemPlatform.Portal.Components.Shared;

/// <summary>One entry of a drop-down: a value the contract defines and its words on screen.</summary>
public sealed record Choice<T>(T Value, string Text);

public static class Choices
{
    /// <summary>Every value of a contract's closed set, in the contract's order, named by the texts "{vocabulary}.{wire value}".</summary>
    public static List<Choice<T>> Of<T>(IStringLocalizer<Texts> l, string vocabulary) where T : struct, Enum =>
        ServiceClients.All<T>().Select(v => new Choice<T>(v, l[$"{vocabulary}.{ServiceClients.Wire(v)}"])).ToList();
}
