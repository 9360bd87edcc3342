namespace EventScheduler.Tests.Api.Registrations;

/// <summary>A cancelled registration says who cancelled it.</summary>
public sealed class CancellationReasonTests : RegistrationTestBase
{
    [Test]
    public async Task Cancel_WithTheManageToken_IsByTheAttendee()
    {
        var r = await SignUpAsync(await CreateOpenMeetingAsync());

        var cancelled = await Json(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(r)}/cancel", Token(r)));

        Assert.That(cancelled["cancellationReason"]!.GetValue<string>(), Is.EqualTo("attendee"));
    }

    [Test]
    public async Task Cancel_ByAnOrganiser_IsByTheOrganiser()
    {
        var r = await SignUpAsync(await CreateOpenMeetingAsync());

        var cancelled = await Json(await Organiser.PostAsync($"/registrations/{Id(r)}/cancel", null));

        Assert.That(cancelled["cancellationReason"]!.GetValue<string>(), Is.EqualTo("organiser"));
    }

    [Test]
    public async Task Cancel_ByTheIntegrationThatRegisteredIt_IsByTheIntegration()
    {
        var meeting = await CreateOpenMeetingAsync();
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());
        var r = await SignUpAsync(meeting, client: integration);

        var cancelled = await Json(await integration.PostAsync($"/registrations/{Id(r)}/cancel", null));

        Assert.That(cancelled["cancellationReason"]!.GetValue<string>(), Is.EqualTo("integration"));
    }

    [Test]
    public async Task Get_WhileActive_HasNoCancellationReason()
    {
        var r = await SignUpAsync(await CreateOpenMeetingAsync());

        Assert.That((await GetAsOrganiserAsync(Id(r)))["cancellationReason"], Is.Null);
    }
}
