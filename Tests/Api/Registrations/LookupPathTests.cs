using EventScheduler.Api.Registrations;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Issue 11, item 8: an unknown registration id and a wrong token take one code path (the token is compared
/// and the answer thrown from the same place), so a timing probe cannot tell which ids exist. Asserted on the path,
/// not on time: the 404 of both comes from <see cref="RegistrationAccess.CheckFound"/>.</summary>
public sealed class LookupPathTests : RegistrationTestBase
{
    private static readonly RegistrationAccess WrongToken = RegistrationAccess.ForTokenHash(ManageToken.Hash(ManageToken.New()));

    private RegistrationService Service => Factory.Services.GetRequiredService<RegistrationService>();

    [Test]
    public async Task Get_WhenIdUnknownOrTokenWrong_ThrowsFromTheSameCheck()
    {
        var existing = Id(await SignUpAsync(await CreateOpenMeetingAsync()));

        var unknown = Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync(Guid.NewGuid(), WrongToken, CancellationToken.None))!;
        var wrong = Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync(existing, WrongToken, CancellationToken.None))!;

        AssertSamePath(unknown, wrong);
    }

    [Test]
    public async Task Cancel_WhenIdUnknownOrTokenWrong_ThrowsFromTheSameCheck()
    {
        var existing = Id(await SignUpAsync(await CreateOpenMeetingAsync()));

        var unknown = Assert.ThrowsAsync<NotFoundException>(() => Service.CancelAsync(Guid.NewGuid(), WrongToken, CancellationToken.None))!;
        var wrong = Assert.ThrowsAsync<NotFoundException>(() => Service.CancelAsync(existing, WrongToken, CancellationToken.None))!;

        AssertSamePath(unknown, wrong);
        Assert.That(Status(await GetAsOrganiserAsync(existing)), Is.EqualTo("confirmed"));
    }

    [Test]
    public async Task Get_WhenIdUnknownOrTokenWrong_AnswersTheSameProblem()
    {
        var existing = Id(await SignUpAsync(await CreateOpenMeetingAsync()));

        var unknown = await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Guid.NewGuid()}", "rmt_wrong"), HttpStatusCode.NotFound, "not_found");
        var wrong = await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/registrations/{existing}", "rmt_wrong"), HttpStatusCode.NotFound, "not_found");

        Assert.That(unknown["detail"]?.ToJsonString(), Is.EqualTo(wrong["detail"]?.ToJsonString()));
    }

    private static void AssertSamePath(NotFoundException unknown, NotFoundException wrong)
    {
        Assert.Multiple(() =>
        {
            Assert.That(unknown.TargetSite?.Name, Is.EqualTo(nameof(RegistrationAccess.CheckFound)), unknown.StackTrace);
            Assert.That(wrong.TargetSite?.Name, Is.EqualTo(nameof(RegistrationAccess.CheckFound)), wrong.StackTrace);
            Assert.That(unknown.Message, Is.EqualTo(wrong.Message));
        });
    }
}
