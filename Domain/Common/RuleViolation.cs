namespace EventScheduler.Domain.Common;

/// <summary>How the API should report a broken rule: the caller's input is wrong, or the
/// resource's current state forbids it.</summary>
public enum ViolationKind
{
    /// <summary>The request itself breaks a rule (maps to 400/422).</summary>
    Invalid,
    /// <summary>The request is well formed but conflicts with the current state (maps to 409).</summary>
    Conflict,
}

/// <summary>A named rule of the domain that a command would break. The code is stable:
/// integrators branch on it, so never rename one.</summary>
public sealed class RuleViolation : Exception
{
    public RuleViolation(string code, string message, ViolationKind kind = ViolationKind.Conflict, string? field = null)
        : base(message)
    {
        Code = code;
        Kind = kind;
        Field = field;
    }

    public string Code { get; }
    public ViolationKind Kind { get; }

    /// <summary>The request field the rule is about, when there is one (camelCase).</summary>
    public string? Field { get; }

    /// <summary>Extra facts for the caller (e.g. the id of the slot a new one clashes with).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    public static RuleViolation Invalid(string code, string message, string? field = null) =>
        new(code, message, ViolationKind.Invalid, field);

    public static RuleViolation Conflict(string code, string message) =>
        new(code, message, ViolationKind.Conflict);
}
