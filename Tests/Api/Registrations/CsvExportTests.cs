using System.Text;

namespace EventScheduler.Tests.Api.Registrations;

public sealed class CsvExportTests : RegistrationTestBase
{
    [Test]
    public async Task Export_WhenAttendeesWait_CarriesEachOnesWaitingListPosition()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var seated = await SignUpAsync(meeting);
        var first = await SignUpAsync(meeting);
        var second = await SignUpAsync(meeting);

        var bytes = await (await Organiser.GetAsync($"/meetings/{meeting}/registrations?format=csv")).Content.ReadAsByteArrayAsync();
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var column = Array.IndexOf(header, "waitlist_position");
        string PositionOf(JsonNode r) => lines.Single(l => l.StartsWith(Id(r).ToString(), StringComparison.Ordinal)).Split(',')[column];

        Assert.That(column, Is.GreaterThanOrEqualTo(0), "the export has a waitlist_position column");
        Assert.Multiple(() =>
        {
            Assert.That(PositionOf(seated), Is.Empty);
            Assert.That(PositionOf(first), Is.EqualTo("1"));
            Assert.That(PositionOf(second), Is.EqualTo("2"));
        });
    }
}
