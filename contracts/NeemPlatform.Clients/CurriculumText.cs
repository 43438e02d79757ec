namespace NeemPlatform.Clients.Coaching.Models;

/// <summary>A curriculum text (module and checklist item titles) in the staff member's language.</summary>
public partial class Text
{
    public string InCurrentLanguage =>
        (System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? En : Sv) ?? Sv ?? En ?? "";
}
