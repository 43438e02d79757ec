namespace NeemPlatform.Portal.Components.Dashboard;

/// <summary>The socio-economic model in the staff's words: a payer by its Swedish name when the texts know it, else as the model names it.</summary>
public static class SocioWords
{
    public static string Payer(IStringLocalizer L, string? payer) =>
        payer is null ? "" : L[$"Payer.{payer}"] is { ResourceNotFound: false } known ? known.Value : payer;
}
