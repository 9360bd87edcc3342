using EventScheduler.Domain.Common;
using EventScheduler.Domain.Faculty;
using EventScheduler.Domain.Hospitals;

namespace EventScheduler.Tests.Domain;

public sealed class HospitalAndFacultyTests
{
    [Test]
    public void HospitalCreate_TrimsText()
    {
        var hospital = Hospital.Create(Guid.NewGuid(), "  Hanzhong 3201 Hospital ", " Hanzhong", "Shaanxi ", AllianceRole.Member);

        Assert.That((hospital.Name, hospital.City, hospital.Province), Is.EqualTo(("Hanzhong 3201 Hospital", "Hanzhong", "Shaanxi")));
    }

    [TestCase("", "required")]
    [TestCase("   ", "required")]
    public void HospitalCreate_WhenNameBlank_ViolatesRequired(string name, string code) =>
        Assert.That(Assert.Throws<RuleViolation>(() => Hospital.Create(Guid.NewGuid(), name, "c", "p", AllianceRole.Member))!.Code, Is.EqualTo(code));

    [Test]
    public void HospitalUpdate_BumpsVersionAndKeepsId()
    {
        var hospital = Hospital.Create(Guid.NewGuid(), "A", "c", "p", AllianceRole.Member);

        var updated = hospital.Update("B", "c", "p", AllianceRole.ViceChair);

        Assert.That((updated.Id, updated.Version, updated.AllianceRole), Is.EqualTo((hospital.Id, 2, AllianceRole.ViceChair)));
    }

    [Test]
    public void FacultyCreate_WhenNameTooLong_ViolatesTooLong() =>
        Assert.That(Assert.Throws<RuleViolation>(() => FacultyMember.Create(Guid.NewGuid(), new string('x', 201), null, Guid.NewGuid(), null))!.Code,
            Is.EqualTo(Text.TooLongCode));

    [Test]
    public void FacultyCreate_WhenOptionalTextBlank_StoresNull() =>
        Assert.That(FacultyMember.Create(Guid.NewGuid(), "Li Yu", " ", Guid.NewGuid(), "").Title, Is.Null);

    [Test]
    public void NameTakenBy_IsAHospitalExistsConflictNamingTheOtherHospital()
    {
        var existing = Guid.NewGuid();

        var violation = HospitalRules.NameTakenBy(existing);

        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(HospitalRules.NameTaken));
            Assert.That(violation.Kind, Is.EqualTo(ViolationKind.Conflict));
            Assert.That(violation.Extensions["existingId"], Is.EqualTo(existing));
        });
    }

    [Test]
    public void NoSuchHospital_IsAnUnknownHospitalInputErrorOnTheField()
    {
        var violation = ReferenceRules.NoSuchHospital("No hospital with id x.", "hostHospitalId");

        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(ReferenceRules.UnknownHospital));
            Assert.That(violation.Kind, Is.EqualTo(ViolationKind.Invalid));
            Assert.That(violation.Field, Is.EqualTo("hostHospitalId"));
        });
    }

    [Test]
    public void NoSuchFaculty_IsAnUnknownFacultyInputErrorOnTheField()
    {
        var violation = ReferenceRules.NoSuchFaculty("No faculty member with id x.", "chairIds");

        Assert.Multiple(() =>
        {
            Assert.That(violation.Code, Is.EqualTo(ReferenceRules.UnknownFaculty));
            Assert.That(violation.Kind, Is.EqualTo(ViolationKind.Invalid));
            Assert.That(violation.Field, Is.EqualTo("chairIds"));
        });
    }
}
