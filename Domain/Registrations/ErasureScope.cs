namespace EventScheduler.Domain.Registrations;

/// <summary>How much of a registration's personal data an erasure removes (<see cref="PersonalDataPolicy.ScopeFor"/>).</summary>
public enum ErasureScope
{
    /// <summary>E-mail, phone and free text; the name and hospital stay because CME evidence or a certificate needs them.</summary>
    ContactData,

    /// <summary>Everything personal: contact data, free text, the name and the hospital.</summary>
    Everything,
}
