using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Hospitals;

/// <summary>Stable codes of the hospital rules. Integrators branch on these strings: never rename one.</summary>
public static class HospitalRules
{
    /// <summary>Hospital names are unique in the alliance, ignoring case.</summary>
    public const string NameTaken = "hospital_exists";

    /// <summary>The name is already another hospital's: 409, naming that hospital so the caller can use it instead.</summary>
    public static RuleViolation NameTakenBy(Guid existingId)
    {
        var violation = RuleViolation.Conflict(NameTaken, "A hospital with this name already exists.");
        violation.Extensions["existingId"] = existingId;
        return violation;
    }
}
