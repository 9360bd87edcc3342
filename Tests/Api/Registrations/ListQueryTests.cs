using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Issue 9 item 7: the organiser's list is served by an index range for every filter, and the summary by the
/// maintained counters; both must still say exactly what the rows say.</summary>
public sealed class ListQueryTests : RegistrationTestBase
{
    private static readonly string?[] Statuses = [null, "confirmed", "waitlisted", "cancelled"];
    private static readonly string?[] Modes = [null, "in_person", "online"];

    private Guid _meeting;
    private Guid _hospital;
    private List<JsonNode> _all = null!;

    [OneTimeSetUp]
    public async Task CreateAMeetingWithEveryKindOfRegistration()
    {
        _meeting = await CreateOpenMeetingAsync(inPerson: 2, online: 2);
        _hospital = await CreateHospitalAsync();
        var hall = new List<JsonNode>();
        var online = new List<JsonNode>();
        for (var i = 0; i < 4; i++)
        {
            hall.Add(await Json(await PostSignUpAsync(Anonymous, _meeting, SignUpBody("in_person", hospitalId: i % 2 == 0 ? _hospital : null))));
            online.Add(await Json(await PostSignUpAsync(Anonymous, _meeting, SignUpBody("online", hospitalId: i % 2 == 1 ? _hospital : null))));
        }

        // A cancelled seat (the first waiting is promoted), a pending switch, a check-in.
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(online[0])}/cancel", Token(online[0])), HttpStatusCode.OK);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(online[1])}/switch-mode", Token(online[1]), new { mode = "in_person" }),
            HttpStatusCode.OK);
        using var door = await ClientForRoleAsync("check_in");
        await Expect(await door.PostAsJsonAsync($"/meetings/{_meeting}/check-ins", new { code = hall[0]["checkInCode"]!.GetValue<string>() }), HttpStatusCode.OK);
        _all = await ListAllAsync(_meeting);
    }

    [Test]
    public async Task List_ForEveryFilterCombination_ReturnsWhatFilteringTheWholeListGivesInArrivalOrder()
    {
        Assert.That(_all.Select(r => r["status"]!.GetValue<string>()).Distinct(), Is.EquivalentTo(new[] { "confirmed", "waitlisted", "cancelled" }),
            "the meeting holds every status");
        foreach (var status in Statuses)
        {
            foreach (var mode in Modes)
            {
                foreach (var hospital in new Guid?[] { null, _hospital })
                {
                    var query = (status is null ? "" : $"&status={status}") + (mode is null ? "" : $"&mode={mode}") +
                                (hospital is null ? "" : $"&hospitalId={hospital}");
                    var expected = _all.Where(r => (status is null || r["status"]!.GetValue<string>() == status)
                                                   && (mode is null || r["mode"]!.GetValue<string>() == mode)
                                                   && (hospital is null || r["hospitalId"]?.GetValue<Guid>() == hospital))
                        .Select(Id).ToList();

                    Assert.That((await PagesOfTwoAsync(query)).Select(Id), Is.EqualTo(expected), query);
                }
            }
        }
    }

    [Test]
    public async Task Summary_AfterSignUpsCancelsSwitchesAndCheckIns_EqualsCountingTheRows()
    {
        var response = await Organiser.GetAsync($"/meetings/{_meeting}/registrations/summary");
        await Expect(response, HttpStatusCode.OK);
        var body = await Json(response);

        int Count(string mode, Func<JsonNode, bool> match) => _all.Count(r => r["mode"]!.GetValue<string>() == mode && match(r));
        Assert.Multiple(() =>
        {
            foreach (var (mode, name) in new[] { ("in_person", "inPerson"), ("online", "online") })
            {
                Assert.That(body[name]!["confirmed"]!.GetValue<int>(), Is.EqualTo(Count(mode, r => r["status"]!.GetValue<string>() == "confirmed")), name);
                Assert.That(body[name]!["waitlisted"]!.GetValue<int>(), Is.EqualTo(Count(mode, r => r["status"]!.GetValue<string>() == "waitlisted")), name);
                Assert.That(body[name]!["cancelled"]!.GetValue<int>(), Is.EqualTo(Count(mode, r => r["status"]!.GetValue<string>() == "cancelled")), name);
                Assert.That(body[name]!["checkedIn"]!.GetValue<int>(), Is.EqualTo(Count(mode, r => r["checkedInAt"] is not null)), name);
            }

            Assert.That(body["pendingSwitches"]!.GetValue<int>(), Is.EqualTo(_all.Count(r => r["requestedMode"] is not null)).And.EqualTo(1));
            Assert.That(body["online"]!["cancelled"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(body["inPerson"]!["checkedIn"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ListStatement_ForEveryFilter_IsAnIndexRangeNotAScanOfTheMeeting()
    {
        await using var c = new SqliteConnection($"Data Source={Factory.DatabasePath};Mode=ReadOnly");
        await c.OpenAsync();
        foreach (var status in new RegistrationStatus?[] { null, RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted, RegistrationStatus.Cancelled })
        {
            foreach (var mode in new AttendanceMode?[] { null, AttendanceMode.InPerson, AttendanceMode.Online })
            {
                foreach (var hospital in new Guid?[] { null, _hospital })
                {
                    var filter = new RegistrationFilter(mode, status, hospital, null, null, null);
                    var plan = await PlanAsync(c, RegistrationListQuery.For(filter));
                    var index = status is not null || mode is not null ? "ix_registrations_status_mode"
                        : hospital is not null ? "ix_registrations_hospital" : "ux_registrations_meeting_seq";

                    Assert.That(plan, Has.Some.Contains($"USING INDEX {index} (meeting_id=?"), $"{filter}: {string.Join(" | ", plan)}");
                    Assert.That(plan, Has.None.StartsWith("SCAN").And.None.Contains("TEMP B-TREE"), $"{filter}: {string.Join(" | ", plan)}");
                }
            }
        }
    }

    private static async Task<List<string>> PlanAsync(SqliteConnection c, string sql)
    {
        await using var command = c.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "@MeetingId", "@HospitalId", "@ScopeKeyId", "@ScopeHospitalId", "@Search", "@AfterSeq", "@Limit" })
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    private async Task<List<JsonNode>> PagesOfTwoAsync(string query)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var response = await Organiser.GetAsync($"/meetings/{_meeting}/registrations?limit=2{query}" + (cursor is null ? "" : $"&cursor={cursor}"));
            await Expect(response, HttpStatusCode.OK);
            var page = await Json(response);
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }
}
