namespace NeemPlatform.Hosting;

/// <summary>What counts as plain text in every NEEM API: the characters a person types, nothing that hides or reorders text.</summary>
public static class TextRules
{
    /// <summary>
    /// No control characters (tab and line breaks only when <paramref name="multiline"/>), no Unicode format characters
    /// (bidi overrides, zero-width), no line or paragraph separators, no private-use characters, no broken surrogates,
    /// no noncharacters and no U+FFFD (text damaged on its way here).
    /// </summary>
    public static bool IsPlainText(string value, bool multiline = false)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if ((Rune.IsControl(rune) && !(multiline && rune.Value is '\n' or '\r' or '\t'))
                || category is UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate
                || rune.Value == 0xFFFD || (rune.Value & 0xFFFE) == 0xFFFE || rune.Value is >= 0xFDD0 and <= 0xFDEF)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
