using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Storage;

/// <summary>A slot as loaded, with the names of its people and of the hospital a case is operated from:
/// what the public programme, the calendar and the slot events show.</summary>
public sealed record LoadedSlot(Slot Slot, IReadOnlyList<SlotPerson> People, SlotHospital? OriginHospital);

/// <summary>A faculty member in a slot, with the names shown publicly.</summary>
/// <param name="Role">One of <see cref="SlotPerson.Roles"/>.</param>
/// <param name="Position">Order within the role, from 0.</param>
public sealed record SlotPerson(Guid FacultyId, string Role, int Position, string FullName, string? Title, Guid HospitalId, string HospitalName)
{
    /// <summary>The stored role texts: operating surgeons are lead or assistant (as <see cref="SurgeonRole"/>).</summary>
    public static class Roles
    {
        public const string Lead = "lead";
        public const string Assistant = "assistant";
        public const string Speaker = "speaker";
        public const string Moderator = "moderator";
    }

    public bool IsOperatingSurgeon => Role is Roles.Lead or Roles.Assistant;
}

public sealed record SlotHospital(Guid Id, string Name, string City);
