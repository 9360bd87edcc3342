using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>The CSV export at the size the issue names: 100,000 registrations come out whole, row by row.</summary>
public sealed class LargeExportTests : RegistrationTestBase
{
    private const int Rows = 100_000;

    private const string InsertSql = """
        INSERT INTO registrations (id, meeting_id, seq, full_name, email, email_normalised, phone, hospital_name, job_title,
            specialty, mode, status, check_in_code, manage_token_hash, created_at, updated_at, version)
        VALUES (@Id, @MeetingId, @Seq, @FullName, @Email, @Email, NULL, '汉中3201医院', 'Attending surgeon',
            'Hepatobiliary surgery', 'online', 'confirmed', NULL, @Hash, @Now, @Now, 1)
        """;

    [Test]
    public async Task Export_With100000Registrations_StreamsEveryRow()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 10);
        var db = Factory.Services.GetRequiredService<Database>();
        // Seeded straight into the table: the point here is the export, not 100,000 sign-ups.
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(InsertSql, Enumerable.Range(1, Rows).Select(i => new
        {
            Id = Guid.NewGuid().ToString(),
            MeetingId = meeting.ToString(),
            Seq = i,
            FullName = $"张伟 {i}",
            Email = $"surgeon{i}@example.cn",
            Hash = new string('0', 64),
            Now = 1_700_000_000_000L,
        }), tx)), CancellationToken.None);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/meetings/{meeting}/registrations?format=csv");
        using var response = await Organiser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await Expect(response, HttpStatusCode.OK);
        Assert.That(response.Content.Headers.ContentLength, Is.Null, "streamed, not buffered to a known length");

        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var lines = 0;
        string? last = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            lines++;
            last = line;
        }

        Assert.That(lines, Is.EqualTo(Rows + 1), "header plus one line per registration");
        Assert.That(last, Does.Contain($"张伟 {Rows}"));
    }
}
