namespace EventScheduler.Domain.Common;

/// <summary>Codes for a request that names an entity that does not exist (checked against the stored
/// entities in the same transaction as the write). Never rename one.</summary>
public static class ReferenceRules
{
    public const string UnknownHospital = "unknown_hospital";
    public const string UnknownFaculty = "unknown_faculty";

    /// <param name="field">The request field that holds the id (camelCase), when there is one.</param>
    public static RuleViolation NoSuchHospital(string message, string? field = null) => RuleViolation.Invalid(UnknownHospital, message, field);

    public static RuleViolation NoSuchFaculty(string message, string? field = null) => RuleViolation.Invalid(UnknownFaculty, message, field);
}
