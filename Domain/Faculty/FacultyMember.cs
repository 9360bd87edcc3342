using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Faculty;

/// <summary>A named surgeon who chairs, operates, lectures or moderates.</summary>
public sealed record FacultyMember
{
    public const int MaxNameLength = 200;
    public const int MaxTitleLength = 100;
    public const int MaxSpecialtyLength = 200;

    private FacultyMember(Guid id, string fullName, string? title, Guid hospitalId, string? specialty, int version)
    {
        Id = id;
        FullName = fullName;
        Title = title;
        HospitalId = hospitalId;
        Specialty = specialty;
        Version = version;
    }

    public Guid Id { get; }
    public string FullName { get; }
    public string? Title { get; }
    public Guid HospitalId { get; }
    public string? Specialty { get; }
    public int Version { get; }

    public static FacultyMember Create(Guid id, string fullName, string? title, Guid hospitalId, string? specialty) =>
        new(id, Text.Required(fullName, "fullName", MaxNameLength), Text.Optional(title, "title", MaxTitleLength),
            hospitalId, Text.Optional(specialty, "specialty", MaxSpecialtyLength), 1);

    public static FacultyMember Restore(Guid id, string fullName, string? title, Guid hospitalId, string? specialty, int version) =>
        new(id, fullName, title, hospitalId, specialty, version);

    public FacultyMember Update(string fullName, string? title, Guid hospitalId, string? specialty) =>
        new(Id, Text.Required(fullName, "fullName", MaxNameLength), Text.Optional(title, "title", MaxTitleLength),
            hospitalId, Text.Optional(specialty, "specialty", MaxSpecialtyLength), Version + 1);
}
