using Dapper;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>The Hanzhong programme of the demo data: two live surgery cases, the lecture and the
/// afternoon case review. Call it after the foundation seed created the faculty and the meeting,
/// while the meeting is still a draft or published (a cancelled or completed programme is frozen).
/// Idempotent: slots already present (by title) are left alone.</summary>
public static class ProgrammeDemoSeed
{
    public const string RightHepatectomyTitle = "Live surgery: laparoscopic right hepatectomy with right portal vein thrombectomy";
    public const string LeftHepatectomyTitle = "Live surgery: laparoscopic left hepatectomy";
    public const string LectureTitle = "Key points of laparoscopic liver surgery";
    public const string DiscussionTitle = "Academic exchange: case review and discussion with the experts";

    private const string FacultyByNameSql = """
        SELECT id AS Id, hospital_id AS HospitalId FROM faculty
        WHERE full_name = @Name COLLATE NOCASE OR full_name LIKE '% ' || @Name OR full_name LIKE '%.' || @Name
        ORDER BY (full_name = @Name COLLATE NOCASE) DESC, id
        LIMIT 1
        """;

    private const string SlotTitlesSql = "SELECT title FROM slots WHERE meeting_id = @MeetingId";

    public static async Task SeedProgrammeAsync(IServiceProvider services, Guid meetingId, CancellationToken ct)
    {
        var db = services.GetRequiredService<Database>();
        var store = services.GetRequiredService<SlotStore>();
        var time = services.GetRequiredService<TimeProvider>();

        var liYu = await FacultyAsync(db, "Li Yu", ct);
        var zhangXufeng = await FacultyAsync(db, "Zhang Xufeng", ct);
        var liuXiaochen = await FacultyAsync(db, "Liu Xiaochen", ct);
        var duanJianfeng = await FacultyAsync(db, "Duan Jianfeng", ct);
        var liuXuemin = await FacultyAsync(db, "Liu Xuemin", ct);

        var existing = await db.ReadAsync(async c => (await c.QueryAsync<string>(
            new CommandDefinition(SlotTitlesSql, new { MeetingId = meetingId.ToString() }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal), ct);

        var slots = new (string Title, double From, double To, Func<SlotDetails, SlotDetails> Fill)[]
        {
            // Morning: live cases streamed from the operating surgeons' own theatres.
            (RightHepatectomyTitle, 0, 2, d => d with
            {
                Kind = SlotKind.SurgeryDemo,
                Channel = "main",
                Procedure = "Laparoscopic right hepatectomy combined with thrombectomy, suture and reconstruction of the right portal vein",
                Approach = SurgicalApproach.Laparoscopic,
                OperatingSurgeons = [new OperatingSurgeon(liYu.Id, SurgeonRole.Lead), new OperatingSurgeon(zhangXufeng.Id, SurgeonRole.Assistant)],
                OriginHospitalId = liYu.HospitalId,
                ConsentRecorded = true,
                ConsentReference = "DEMO-CONSENT-XJTU-01",
                Translations = new Dictionary<string, SlotTranslation> { ["zh"] = new() { Title = "手术直播：腹腔镜右半肝切除联合右门静脉取栓、缝合及重建术", Procedure = "腹腔镜右半肝切除联合右门静脉取栓、缝合及重建术" } },
            }),
            (LeftHepatectomyTitle, 2, 3.5, d => d with
            {
                Kind = SlotKind.SurgeryDemo,
                Channel = "main",
                Procedure = "Laparoscopic left hepatectomy",
                Approach = SurgicalApproach.Laparoscopic,
                OperatingSurgeons = [new OperatingSurgeon(liuXiaochen.Id, SurgeonRole.Lead), new OperatingSurgeon(duanJianfeng.Id, SurgeonRole.Assistant)],
                OriginHospitalId = liuXiaochen.HospitalId,
                ConsentRecorded = true,
                ConsentReference = "DEMO-CONSENT-HZ3201-01",
                Translations = new Dictionary<string, SlotTranslation> { ["zh"] = new() { Title = "手术直播：腹腔镜左半肝切除术", Procedure = "腹腔镜左半肝切除术" } },
            }),
            // Afternoon: the lecture, then the academic exchange.
            (LectureTitle, 5, 5.75, d => d with
            {
                Kind = SlotKind.Lecture,
                Channel = "main",
                SpeakerIds = [liuXuemin.Id],
                Translations = new Dictionary<string, SlotTranslation> { ["zh"] = new() { Title = "腹腔镜肝脏手术技术要点" } },
            }),
            (DiscussionTitle, 5.75, 8.5, d => d with
            {
                Kind = SlotKind.Discussion,
                Channel = "main",
                ModeratorIds = [liuXuemin.Id, liuXiaochen.Id],
                SpeakerIds = [liYu.Id, zhangXufeng.Id, duanJianfeng.Id],
                Translations = new Dictionary<string, SlotTranslation> { ["zh"] = new() { Title = "学术交流：病例回顾与专家讨论" } },
            }),
        };

        foreach (var (title, from, to, fill) in slots)
        {
            if (existing.Contains(title))
            {
                continue;
            }

            var now = time.GetUtcNow();
            await store.InsertAsync(meetingId, meeting =>
            {
                // Placed from the meeting's start (08:30 in Hanzhong: cases 08:30-12:00, lecture 13:30, discussion 14:15-17:00),
                // never past its end.
                var start = meeting.Details.StartsAt;
                var end = start.AddHours(to) > meeting.Details.EndsAt ? meeting.Details.EndsAt : start.AddHours(to);
                return Slot.Plan(Guid.CreateVersion7(now), meeting.Id,
                    fill(new SlotDetails { Kind = SlotKind.Lecture, Title = title, StartsAt = start.AddHours(from), EndsAt = end }), now);
            }, now, null, ct);
        }
    }

    private static async Task<(Guid Id, Guid HospitalId)> FacultyAsync(Database db, string name, CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<FacultyRow>(new CommandDefinition(FacultyByNameSql, new { Name = name }, cancellationToken: ct)), ct)
                  ?? throw new InvalidOperationException($"Demo seed: no faculty member named '{name}'; load the foundation demo data first.");
        return (Guid.Parse(row.Id), Guid.Parse(row.HospitalId));
    }

    private sealed class FacultyRow
    {
        public string Id { get; init; } = "";
        public string HospitalId { get; init; } = "";
    }
}
