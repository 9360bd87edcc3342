using System.Diagnostics;
using EventScheduler.Tests.Api.Cme;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Pages;

/// <summary>A measurement, not a check (run it by name): the dashboard of a meeting with 10,000 registrations
/// and 4,000 online viewers 90 minutes into its first item, built from scratch, answered 304, and rebuilt
/// after one sign-up. The rows are written straight into the test database (the writer would take minutes).</summary>
[Explicit("A measurement; prints timings")]
[Category("Measurement")]
public sealed class DashboardScaleTests : CmeTestBase
{
    [Test]
    public async Task Board_OnAMeetingOf10000Registrations_Timings()
    {
        // Warm-up: the first request to the page compiles and JITs it; not part of what is measured.
        var warm = await CreateCmeMeetingAsync();
        await SignUpPersonAsync(warm.Id, "online");
        await Expect(await Organiser.GetAsync($"/o/m/{warm.Id}/board"), HttpStatusCode.OK);
        var meeting = await CreateCmeMeetingAsync();
        Guid[] hospitals = [await CreateHospitalAsync("Gansu"), await CreateHospitalAsync("Qinghai"), await CreateHospitalAsync("Shaanxi")];
        var start = meeting.Start.ToUnixTimeMilliseconds();
        var online = new List<string>();
        await using (var c = new SqliteConnection($"Data Source={Factory.DatabasePath}"))
        {
            await c.OpenAsync();
            await using var tx = c.BeginTransaction();
            var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO registrations (id, meeting_id, seq, full_name, email, email_normalised, hospital_id, hospital_name, job_title, specialty,
                    mode, status, check_in_code, checked_in_at, manage_token_hash, created_at, updated_at, version)
                VALUES ($id, $m, $seq, 'Attendee', $e, $e, $h, $hn, 'Surgeon', 'HPB', $mode, $status, NULL, $ci, 'x', $at, $at, 1)
                """;
            string[] names = ["id", "m", "seq", "e", "h", "hn", "mode", "status", "ci", "at"];
            foreach (var n in names)
            {
                cmd.Parameters.Add(new SqliteParameter("$" + n, null));
            }

            var random = new Random(6);
            for (var i = 1; i <= 10_000; i++)
            {
                var id = Guid.NewGuid().ToString();
                var mode = i % 2 == 0 ? "online" : "in_person";
                var status = i % 10 == 0 ? "cancelled" : i % 10 == 1 ? "waitlisted" : "confirmed";
                object?[] values =
                [
                    id, meeting.Id.ToString(), i, $"a{i}@example.cn", i % 3 == 0 ? (object)hospitals[i % 3].ToString() : DBNull.Value,
                    i % 3 == 0 ? DBNull.Value : $"Typed hospital {i % 40}", mode, status,
                    mode == "in_person" && status == "confirmed" && i % 4 == 1 ? start + i : DBNull.Value,
                    start - TimeSpan.FromDays(30).Ticks / 10_000 + i * 250_000L,
                ];
                for (var p = 0; p < names.Length; p++)
                {
                    cmd.Parameters[p].Value = values[p];
                }

                await cmd.ExecuteNonQueryAsync();
                if (mode == "online" && status == "confirmed" && online.Count < 4_000)
                {
                    online.Add(id);
                }
            }

            cmd.Parameters.Clear();
            cmd.CommandText = "INSERT INTO attendance_heartbeats (registration_id, at, meeting_id) VALUES ($r, $at, $m)";
            cmd.Parameters.Add(new SqliteParameter("$r", null));
            cmd.Parameters.Add(new SqliteParameter("$at", null));
            cmd.Parameters.Add(new SqliteParameter("$m", meeting.Id.ToString()));
            foreach (var viewer in online)
            {
                for (var minute = 0; minute < 90; minute++)
                {
                    cmd.Parameters[0].Value = viewer;
                    cmd.Parameters[1].Value = start + minute * 60_000L + random.Next(1000);
                    await cmd.ExecuteNonQueryAsync();
                }
            }

            cmd.Parameters.Clear();
            cmd.CommandText = RecountSql;
            cmd.Parameters.Add(new SqliteParameter("$m", meeting.Id.ToString()));
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        SetNow(meeting.Start.AddMinutes(90));
        var url = $"/o/m/{meeting.Id}/board?lang=en";
        async Task<(HttpResponseMessage Response, double Ms)> TimedAsync(System.Net.Http.Headers.EntityTagHeaderValue? etag = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (etag is not null)
            {
                request.Headers.IfNoneMatch.Add(etag);
            }

            var watch = Stopwatch.StartNew();
            var response = await Organiser.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return (response, watch.Elapsed.TotalMilliseconds);
        }

        var (first, firstMs) = await TimedAsync();
        await Expect(first, HttpStatusCode.OK);
        var notModified = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var (r, ms) = await TimedAsync(first.Headers.ETag);
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            notModified.Add(ms);
        }

        var rebuilt = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await SignUpPersonAsync(meeting.Id, "in_person");
            var (r, ms) = await TimedAsync(first.Headers.ETag);
            await Expect(r, HttpStatusCode.OK);
            rebuilt.Add(ms);
        }

        var html = await (await TimedAsync()).Response.Content.ReadAsStringAsync();
        TestContext.Out.WriteLine($"first build {firstMs:F0} ms; 304 median {Median(notModified):F1} ms; rebuild after a sign-up median {Median(rebuilt):F0} ms " +
                                  $"(running slot's viewers cached for the step); page {html.Length / 1024} KiB; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Assert.That(html, Does.Contain("Watching now: "));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private const string RecountSql = """
        INSERT INTO registration_counters (meeting_id, confirmed_in_person, confirmed_online, waitlisted_in_person, waitlisted_online,
            switching_to_in_person, switching_to_online, cancelled_in_person, cancelled_online, checked_in_in_person, checked_in_online, last_seq)
        SELECT $m, SUM(status = 'confirmed' AND mode = 'in_person'), SUM(status = 'confirmed' AND mode = 'online'),
               SUM(status = 'waitlisted' AND mode = 'in_person'), SUM(status = 'waitlisted' AND mode = 'online'), 0, 0,
               SUM(status = 'cancelled' AND mode = 'in_person'), SUM(status = 'cancelled' AND mode = 'online'),
               SUM(checked_in_at IS NOT NULL AND mode = 'in_person'), SUM(checked_in_at IS NOT NULL AND mode = 'online'), MAX(seq)
        FROM registrations WHERE meeting_id = $m
        ON CONFLICT (meeting_id) DO UPDATE SET confirmed_in_person = excluded.confirmed_in_person, confirmed_online = excluded.confirmed_online,
            waitlisted_in_person = excluded.waitlisted_in_person, waitlisted_online = excluded.waitlisted_online,
            cancelled_in_person = excluded.cancelled_in_person, cancelled_online = excluded.cancelled_online,
            checked_in_in_person = excluded.checked_in_in_person, checked_in_online = excluded.checked_in_online, last_seq = excluded.last_seq
        """;
}
