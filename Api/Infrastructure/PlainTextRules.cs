using EventScheduler.Domain.Common;
using FluentValidation;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Rules for request text that reaches a query without passing through a domain value's own checks:
/// free-text filters (<c>?province=</c>, <c>?q=</c>, ...) and codes typed at the door.</summary>
public static class PlainTextRules
{
    /// <summary>No character that no stored text can hold: such a value cannot match anything, and on PostgreSQL
    /// a NUL in a parameter fails the query itself. So both providers answer the same 400.</summary>
    public static IRuleBuilderOptions<T, string?> NoControlCharacters<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !Text.HasControlCharacters(text))
            .WithMessage("'{PropertyName}' contains control characters.");
}
