using Dapper;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;

namespace EventScheduler.Api.Features.Cme;

/// <summary>CME data for the demo's completed Hanzhong meeting: its accreditation, five (fictional) attendees
/// and the evidence they left on 23 September 2021, so an organiser can list attendance and issue certificates
/// straight away. The attendees' manage tokens are fixed and printed in the README: demo data only.</summary>
public static class CmeDemoSeed
{
    /// <summary>The manage token of the demo attendee 张伟 Zhang Wei (README walkthrough).</summary>
    public const string ZhangWeiToken = "rmt_demo-zhang-wei-hanzhong-2021";

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private const string CountSql = "SELECT COUNT(*) FROM registrations WHERE meeting_id = @MeetingId";

    // Restored as they stood after the meeting: the sign-up path refuses (rightly) a meeting that is over.
    private const string InsertRegistrationSql = """
        INSERT INTO registrations (id, meeting_id, seq, full_name, email, email_normalised, phone, hospital_id, hospital_name, job_title,
            specialty, mode, status, queue_mode, queue_seq, check_in_code, checked_in_at, manage_token_hash, created_by_key_id, created_at,
            updated_at, version)
        VALUES (@Id, @MeetingId, @Seq, @FullName, @Email, @Email, NULL, @HospitalId, @HospitalName, @JobTitle, 'Hepatobiliary surgery',
            @Mode, 'confirmed', NULL, NULL, @Code, @CheckedInAt, @TokenHash, NULL, @CreatedAt, @CreatedAt, 1)
        """;

    private const string EvidenceSql = """
        INSERT INTO attendance_evidence (id, meeting_id, registration_id, kind, slot_id, occurred_at, minutes, reason, method, recorded_by)
        VALUES (@Id, @MeetingId, @RegistrationId, @Kind, NULL, @At, NULL, NULL, @Method, NULL)
        """;

    private const string HeartbeatSql = "INSERT INTO attendance_heartbeats (registration_id, at, meeting_id) VALUES (@RegistrationId, @At, @MeetingId)";

    private sealed record Attendee(Guid Id, string Name, string Email, Guid HospitalId, string Hospital, string JobTitle, bool Online, string Token,
        string? Code, (double From, double To)[] Present);

    /// <summary>Adds what is missing; returns true when anything was added.</summary>
    public static async Task<bool> RunAsync(IServiceProvider services, Guid meetingId, CancellationToken ct)
    {
        var db = services.GetRequiredService<Database>();
        var accreditations = services.GetRequiredService<AccreditationStore>();
        var added = false;
        if (await accreditations.GetAsync(meetingId, ct) is null)
        {
            var accreditation = Accreditation.Create("Shaanxi Provincial CME Committee", "2021-04-07-118 (省)", CreditType.ClassI, 1m, 6m, 0.25m, 75);
            await accreditations.PutAsync(meetingId, accreditation, VersionPrecondition.Any, null,
                new DateTimeOffset(2021, 9, 1, 9, 0, 0, Shanghai), ct);
            added = true;
        }

        var start = new DateTimeOffset(2021, 9, 23, 8, 30, 0, Shanghai);
        var ankang = Guid.Parse("0190a000-0000-7000-8000-000000000003");
        var hanzhong = Guid.Parse("0190a000-0000-7000-8000-000000000002");
        var tianshui = Guid.Parse("0190a000-0000-7000-8000-000000000008");
        var lanzhou = Guid.Parse("0190a000-0000-7000-8000-000000000004");
        // Hours after 08:30 each was present: the programme runs 0-3.5 (cases), 5-8.5 (lecture, discussion).
        Attendee[] attendees =
        [
            new(Guid.Parse("0190a000-0000-7000-8000-000000000201"), "张伟 Zhang Wei", "zhang.wei@demo.example.cn", ankang, "Ankang Central Hospital",
                "Attending surgeon", false, ZhangWeiToken, "HZDEMO0001", [(-0.2, 9)]),
            new(Guid.Parse("0190a000-0000-7000-8000-000000000202"), "李娜 Li Na", "li.na@demo.example.cn", hanzhong, "Hanzhong 3201 Hospital",
                "Resident", false, "rmt_demo-li-na-hanzhong-2021", "HZDEMO0002", [(-0.1, 3.5)]),
            new(Guid.Parse("0190a000-0000-7000-8000-000000000203"), "王芳 Wang Fang", "wang.fang@demo.example.cn", tianshui, "Tianshui First People's Hospital",
                "Associate chief surgeon", true, "rmt_demo-wang-fang-hanzhong-2021", null, [(-0.25, 8.5)]),
            new(Guid.Parse("0190a000-0000-7000-8000-000000000204"), "刘洋 Liu Yang", "liu.yang@demo.example.cn", ankang, "Ankang Central Hospital",
                "Attending surgeon", true, "rmt_demo-liu-yang-hanzhong-2021", null, [(0, 2), (2.5, 8.5)]),
            new(Guid.Parse("0190a000-0000-7000-8000-000000000205"), "陈静 Chen Jing", "chen.jing@demo.example.cn", lanzhou, "First Hospital of Lanzhou University",
                "Resident", true, "rmt_demo-chen-jing-hanzhong-2021", null, [(0.5, 1.2)]),
        ];

        var existing = await db.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, new { MeetingId = meetingId.ToString() }, cancellationToken: ct)), ct);
        if (existing > 0)
        {
            return added;
        }

        await db.WriteAsync(async (c, tx) =>
        {
            var seq = 0;
            foreach (var a in attendees)
            {
                seq++;
                var firstIn = start.AddHours(a.Present[0].From);
                await c.ExecuteAsync(new CommandDefinition(InsertRegistrationSql, new
                {
                    Id = a.Id.ToString(),
                    MeetingId = meetingId.ToString(),
                    Seq = seq,
                    FullName = a.Name,
                    a.Email,
                    HospitalId = a.HospitalId.ToString(),
                    HospitalName = a.Hospital,
                    a.JobTitle,
                    Mode = a.Online ? "online" : "in_person",
                    a.Code,
                    CheckedInAt = a.Online ? (long?)null : firstIn.ToUnixTimeMilliseconds(),
                    TokenHash = EventScheduler.Api.Registrations.ManageToken.Hash(a.Token),
                    CreatedAt = new DateTimeOffset(2021, 9, 2, 10, 0, 0, Shanghai).AddMinutes(seq * 7).ToUnixTimeMilliseconds(),
                }, tx, cancellationToken: ct));
                await EvidenceAsync(c, tx, meetingId, a, start, ct);
            }

            await RegistrationCounters.RecountAsync(c, tx, meetingId, ct);
            return true;
        }, ct);
        return true;
    }

    /// <summary>In person: the check-in, and a scan out where they left early. Online: a join, then a heartbeat a minute.</summary>
    private static async Task EvidenceAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Guid meetingId, Attendee a,
        DateTimeOffset start, CancellationToken ct)
    {
        var end = start.AddHours(9);
        if (!a.Online)
        {
            var leftAt = start.AddHours(a.Present[^1].To);
            if (leftAt < end)
            {
                await c.ExecuteAsync(new CommandDefinition(EvidenceSql, new
                {
                    Id = Guid.NewGuid().ToString(), MeetingId = meetingId.ToString(), RegistrationId = a.Id.ToString(), Kind = "scan_out",
                    At = leftAt.ToUnixTimeMilliseconds(), Method = "door_scan",
                }, tx, cancellationToken: ct));
            }

            return;
        }

        foreach (var (from, to) in a.Present)
        {
            var joined = start.AddHours(from);
            await c.ExecuteAsync(new CommandDefinition(EvidenceSql, new
            {
                Id = Guid.NewGuid().ToString(), MeetingId = meetingId.ToString(), RegistrationId = a.Id.ToString(), Kind = "join",
                At = joined.ToUnixTimeMilliseconds(), Method = "join_link",
            }, tx, cancellationToken: ct));
            for (var at = joined.AddMinutes(1); at <= start.AddHours(to); at = at.AddMinutes(1))
            {
                await c.ExecuteAsync(new CommandDefinition(HeartbeatSql, new
                {
                    RegistrationId = a.Id.ToString(), At = at.ToUnixTimeMilliseconds(), MeetingId = meetingId.ToString(),
                }, tx, cancellationToken: ct));
            }
        }
    }
}
