namespace EventScheduler.Domain.Common;

/// <summary>Checks shared by every value that carries human text.</summary>
public static class Text
{
    public const string RequiredCode = "required";
    public const string TooLongCode = "too_long";
    public const string InvalidCharactersCode = "invalid_characters";

    public static string Required(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw RuleViolation.Invalid(RequiredCode, $"'{field}' is required.", field);
        }

        return Check(trimmed, field, maxLength);
    }

    public static string? Optional(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return Check(trimmed, field, maxLength);
    }

    /// <summary>Control characters (NUL, escape codes, ...) have no place in names and titles; line breaks
    /// and tabs are allowed for longer texts such as a cancellation reason.</summary>
    private static string Check(string text, string field, int maxLength)
    {
        if (text.Length > maxLength)
        {
            throw RuleViolation.Invalid(TooLongCode, $"'{field}' must be at most {maxLength} characters.", field);
        }

        return HasControlCharacters(text)
            ? throw RuleViolation.Invalid(InvalidCharactersCode, $"'{field}' contains control characters.", field)
            : text;
    }

    /// <summary>Whether <paramref name="text"/> holds a character that no stored text may hold (any control
    /// character but a line break or tab). Filters use it too: such a filter cannot match, and PostgreSQL refuses
    /// a NUL in a parameter outright.</summary>
    public static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
}
