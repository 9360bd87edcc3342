using EventScheduler.Api.Infrastructure.OpenApi;

namespace EventScheduler.Tests.Api.OpenApi;

/// <summary>The validators' rules as the contract states them, read from the validators themselves.</summary>
public sealed class ValidationConstraintsTests
{
    [Test]
    public void For_WhenCreateRequiresAndLimitsTitle_ReportsRequiredAndMaxLength()
    {
        var title = ValidationConstraints.For(typeof(EventScheduler.Api.Features.Meetings.Create.Request), "Title");

        Assert.That(title, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(title!.Required, Is.True);
            Assert.That(title.MaxLength, Is.EqualTo(EventScheduler.Domain.Meetings.MeetingDetails.MaxTitleLength));
        });
    }

    [Test]
    public void For_WhenPatchSharesTheFieldsButRequiresNothing_ReportsLengthOnly()
    {
        var title = ValidationConstraints.For(typeof(EventScheduler.Api.Features.Meetings.Update.Request), "Title");

        Assert.That(title, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(title!.Required, Is.False);
            Assert.That(title.MaxLength, Is.EqualTo(EventScheduler.Domain.Meetings.MeetingDetails.MaxTitleLength));
        });
    }

    [Test]
    public void For_WhenRuleReachesANestedMember_AppliesToTheNestedType()
    {
        var name = ValidationConstraints.For(typeof(EventScheduler.Api.Features.Meetings.VenueDto), "Name");

        Assert.That(name?.MaxLength, Is.EqualTo(EventScheduler.Domain.Meetings.Venue.MaxNameLength));
        Assert.That(name!.Required, Is.False, "a rule under When(venue is not null) must not make the name required");
    }

    [Test]
    public void For_WhenChildRulesRequireItemFields_MarksThemRequiredOnTheItemType()
    {
        var facultyId = ValidationConstraints.For(typeof(EventScheduler.Api.Features.Programme.OperatingSurgeonDto), "FacultyId");

        Assert.That(facultyId?.Required, Is.True);
    }
}
