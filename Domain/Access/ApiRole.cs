namespace EventScheduler.Domain.Access;

/// <summary>What an API key may do. Integration keys are scoped to one hospital.</summary>
public enum ApiRole
{
    Admin,
    Organiser,
    Integration,
    CheckIn,
}
