namespace EventScheduler.Domain.Common;

/// <summary>Checks shared by every value that carries human text.</summary>
public static class Text
{
    public const string RequiredCode = "required";
    public const string TooLongCode = "too_long";

    public static string Required(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw RuleViolation.Invalid(RequiredCode, $"'{field}' is required.", field);
        }

        return trimmed.Length > maxLength
            ? throw RuleViolation.Invalid(TooLongCode, $"'{field}' must be at most {maxLength} characters.", field)
            : trimmed;
    }

    public static string? Optional(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return trimmed.Length > maxLength
            ? throw RuleViolation.Invalid(TooLongCode, $"'{field}' must be at most {maxLength} characters.", field)
            : trimmed;
    }
}
