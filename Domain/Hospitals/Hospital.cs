using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Hospitals;

public enum AllianceRole
{
    Chair,
    ViceChair,
    Member,
}

/// <summary>A hospital of the alliance. Immutable: changes produce a new value with a higher version.</summary>
public sealed record Hospital
{
    public const int MaxNameLength = 200;
    public const int MaxPlaceLength = 100;

    private Hospital(Guid id, string name, string city, string province, AllianceRole role, int version)
    {
        Id = id;
        Name = name;
        City = city;
        Province = province;
        AllianceRole = role;
        Version = version;
    }

    public Guid Id { get; }
    public string Name { get; }
    public string City { get; }
    public string Province { get; }
    public AllianceRole AllianceRole { get; }
    public int Version { get; }

    public static Hospital Create(Guid id, string name, string city, string province, AllianceRole role) =>
        new(id, Text.Required(name, "name", MaxNameLength), Text.Required(city, "city", MaxPlaceLength),
            Text.Required(province, "province", MaxPlaceLength), role, 1);

    public static Hospital Restore(Guid id, string name, string city, string province, AllianceRole role, int version) =>
        new(id, name, city, province, role, version);

    public Hospital Update(string name, string city, string province, AllianceRole role) =>
        new(Id, Text.Required(name, "name", MaxNameLength), Text.Required(city, "city", MaxPlaceLength),
            Text.Required(province, "province", MaxPlaceLength), role, Version + 1);
}
