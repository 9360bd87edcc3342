using Dapper;
using EventScheduler.Api.Storage;
using EventScheduler.Tests.Api.Registrations;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Email;

/// <summary>Email:Enabled=false records nothing (benchmarks compare against it).</summary>
public sealed class DisabledMailTests : RegistrationTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Email:Enabled"] = "false" };

    [Test]
    public async Task SignUp_WithEmailDisabled_RecordsNoMessage()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var holder = await SignUpAsync(meeting, "in_person");
        await SignUpAsync(meeting, "in_person");
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(holder)}/cancel", Token(holder)), HttpStatusCode.OK);
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{meeting}/cancel", new { reason = "Weather" }), HttpStatusCode.OK);

        var db = Factory.Services.GetRequiredService<Database>();
        var count = await db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM email_outbox"), CancellationToken.None);
        Assert.That(count, Is.Zero);
    }
}
