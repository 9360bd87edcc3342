using EventScheduler.Api.Storage;
using EventScheduler.Domain.Faculty;
using EventScheduler.Domain.Hospitals;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Infrastructure;

/// <summary>The example alliance from the founding report: hospitals, faculty, the Hanzhong meeting
/// of 23 September 2021 (completed) and the series' next meeting a few months ahead (published, with its
/// programme and registration open). Fixed ids make it idempotent: running it twice adds nothing. People are real
/// names from the public report; no contact data is stored.</summary>
public static class DemoSeed
{
    public static readonly Guid XianChair = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    public static readonly Guid Hanzhong3201 = Guid.Parse("0190a000-0000-7000-8000-000000000002");
    public static readonly Guid HanzhongMeeting = Guid.Parse("0190a000-0000-7000-8000-000000000100");

    /// <summary>The series' next meeting, three months after the day the demo is first loaded.</summary>
    public static readonly Guid NextMeeting = Guid.Parse("0190a000-0000-7000-8000-000000000101");

    private static readonly (Guid Id, string Name, string City, string Province, AllianceRole Role)[] Hospitals =
    [
        (XianChair, "First Affiliated Hospital of Xi'an Jiaotong University", "Xi'an", "Shaanxi", AllianceRole.Chair),
        (Hanzhong3201, "Hanzhong 3201 Hospital", "Hanzhong", "Shaanxi", AllianceRole.Member),
        (Guid.Parse("0190a000-0000-7000-8000-000000000003"), "Ankang Central Hospital", "Ankang", "Shaanxi", AllianceRole.Member),
        (Guid.Parse("0190a000-0000-7000-8000-000000000004"), "First Hospital of Lanzhou University", "Lanzhou", "Gansu", AllianceRole.ViceChair),
        (Guid.Parse("0190a000-0000-7000-8000-000000000005"), "Qinghai Provincial People's Hospital", "Xining", "Qinghai", AllianceRole.ViceChair),
        (Guid.Parse("0190a000-0000-7000-8000-000000000006"), "General Hospital of Ningxia Medical University", "Yinchuan", "Ningxia", AllianceRole.ViceChair),
        (Guid.Parse("0190a000-0000-7000-8000-000000000007"), "First Affiliated Hospital of Xinjiang Medical University", "Urumqi", "Xinjiang", AllianceRole.ViceChair),
        (Guid.Parse("0190a000-0000-7000-8000-000000000008"), "Tianshui First People's Hospital", "Tianshui", "Gansu", AllianceRole.Member),
    ];

    public static readonly Guid LiuXuemin = Guid.Parse("0190a000-0000-7000-8000-000000000011");
    public static readonly Guid LiYu = Guid.Parse("0190a000-0000-7000-8000-000000000012");
    public static readonly Guid ZhangXufeng = Guid.Parse("0190a000-0000-7000-8000-000000000013");
    public static readonly Guid LiuXiaochen = Guid.Parse("0190a000-0000-7000-8000-000000000014");
    public static readonly Guid DuanJianfeng = Guid.Parse("0190a000-0000-7000-8000-000000000015");

    private static readonly (Guid Id, string Name, string Title, Guid Hospital)[] Faculty =
    [
        (LiuXuemin, "Liu Xuemin", "Director", XianChair),
        (LiYu, "Li Yu", "Professor", XianChair),
        (ZhangXufeng, "Zhang Xufeng", "Professor", XianChair),
        (LiuXiaochen, "Liu Xiaochen", "Director", Hanzhong3201),
        (DuanJianfeng, "Duan Jianfeng", "Director", Hanzhong3201),
    ];

    /// <summary>Loads what is missing. Returns true when anything was added.</summary>
    public static async Task<bool> RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var hospitals = services.GetRequiredService<HospitalStore>();
        var faculty = services.GetRequiredService<FacultyStore>();
        var meetings = services.GetRequiredService<MeetingStore>();
        var added = false;

        foreach (var h in Hospitals)
        {
            if (await hospitals.GetAsync(h.Id, ct) is null)
            {
                await hospitals.InsertAsync(Hospital.Create(h.Id, h.Name, h.City, h.Province, h.Role), now, null, ct);
                added = true;
            }
        }

        foreach (var f in Faculty)
        {
            if (await faculty.GetAsync(f.Id, ct) is null)
            {
                await faculty.InsertAsync(FacultyMember.Create(f.Id, f.Name, f.Title, f.Hospital, "Hepatobiliary surgery"), now, null, ct);
                added = true;
            }
        }

        if (await meetings.GetAsync(HanzhongMeeting, ct) is null)
        {
            await meetings.InsertAsync(HanzhongMeetingAsPublished(), null, ct);
            // The programme goes in while the meeting is published; then it is what it is today: over.
            await Features.Programme.ProgrammeDemoSeed.SeedProgrammeAsync(services, HanzhongMeeting, ct);
            await meetings.UpdateAsync(HanzhongMeeting, VersionPrecondition.Any, m => m.Complete(now), ct);
            added = true;
        }

        // CME: the meeting's accreditation and its attendees' evidence, so certificates can be issued.
        added |= await Features.Cme.CmeDemoSeed.RunAsync(services, HanzhongMeeting, ct);
        if (await meetings.GetAsync(NextMeeting, ct) is null)
        {
            // Published, with its programme and registration open: what a newcomer sees at GET /meetings.
            await meetings.InsertAsync(Meeting.Schedule(NextMeeting, NextMeetingDetails(now), now), null, ct);
            await Features.Programme.ProgrammeDemoSeed.SeedProgrammeAsync(services, NextMeeting, ct);
            await meetings.UpdateAsync(NextMeeting, VersionPrecondition.Any, m => m.Publish(now), ct);
            added = true;
        }

        return added;
    }

    /// <summary>The third meeting of the series, in Xi'an, on the same weekday three months from today
    /// (China time), 08:30 to 17:30.</summary>
    private static MeetingDetails NextMeetingDetails(DateTimeOffset now)
    {
        var shanghai = TimeSpan.FromHours(8);
        var day = now.ToOffset(shanghai).Date.AddMonths(3);
        var start = new DateTimeOffset(day.Year, day.Month, day.Day, 8, 30, 0, shanghai);
        return new MeetingDetails
        {
            Title = "Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting (Xi'an)",
            Series = "Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting",
            SeriesNumber = 3,
            Format = MeetingFormat.Hybrid,
            TimeZone = "Asia/Shanghai",
            StartsAt = start,
            EndsAt = start.AddHours(9),
            City = "Xi'an",
            Province = "Shaanxi",
            Venue = new Venue("First Affiliated Hospital of Xi'an Jiaotong University, Lecture Hall 1", "Xi'an, Shaanxi"),
            Stream = new StreamInfo("Alliance live platform", "https://live.example.org/nwlla/xian"),
            HostHospitalId = XianChair,
            CoOrganiserHospitalIds = [Hanzhong3201],
            ChairIds = [LiuXuemin, LiuXiaochen],
            InPersonCapacity = 200,
            OnlineCapacity = null,
            // Entered in English; Chinese readers (the pages' default) see these.
            Translations = new Dictionary<string, MeetingTranslation>
            {
                ["zh"] = new()
                {
                    Title = "西北腹腔镜肝脏外科联盟手术直播会议（西安站）",
                    Series = "西北腹腔镜肝脏外科联盟手术直播会议",
                    City = "西安",
                    Province = "陕西",
                    VenueName = "西安交通大学第一附属医院第一学术报告厅",
                    VenueAddress = "陕西省西安市",
                },
            },
        }.Validate();
    }

    /// <summary>The meeting as it stood on the morning of 23 September 2021: published three weeks before.
    /// Restored rather than published through the verb, which refuses (rightly) to publish the past.</summary>
    private static Meeting HanzhongMeetingAsPublished()
    {
        var shanghai = TimeSpan.FromHours(8);
        var start = new DateTimeOffset(2021, 9, 23, 8, 30, 0, shanghai);
        var details = new MeetingDetails
        {
            Title = "Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting (Hanzhong)",
            Series = "Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting",
            SeriesNumber = 2,
            Format = MeetingFormat.Hybrid,
            TimeZone = "Asia/Shanghai",
            StartsAt = start,
            EndsAt = new DateTimeOffset(2021, 9, 23, 17, 30, 0, shanghai),
            City = "Hanzhong",
            Province = "Shaanxi",
            Venue = new Venue("Hanzhong 3201 Hospital, Academic Lecture Hall", "Hanzhong, Shaanxi"),
            Stream = new StreamInfo("Alliance live platform", "https://live.example.org/nwlla/hanzhong-2021"),
            HostHospitalId = XianChair,
            CoOrganiserHospitalIds = [Hanzhong3201],
            ChairIds = [LiuXuemin, LiuXiaochen],
            InConjunctionWith = "Annual Meeting of Hanzhong Professional Committee of General Surgery",
            Translations = new Dictionary<string, MeetingTranslation>
            {
                ["zh"] = new()
                {
                    Title = "西北腹腔镜肝脏外科联盟手术直播会议（汉中站）",
                    Series = "西北腹腔镜肝脏外科联盟手术直播会议",
                    City = "汉中",
                    Province = "陕西",
                    VenueName = "汉中市3201医院学术报告厅",
                    VenueAddress = "陕西省汉中市",
                    InConjunctionWith = "汉中市普通外科专业委员会年会",
                },
            },
            InPersonCapacity = 150,
            OnlineCapacity = null,
            RegistrationOpensAt = new DateTimeOffset(2021, 9, 1, 9, 0, 0, shanghai),
        }.Validate();
        var published = new DateTimeOffset(2021, 9, 1, 9, 0, 0, shanghai);
        return Meeting.Restore(HanzhongMeeting, details, MeetingStatus.Published, null, published.AddDays(-1), published, published, 2);
    }
}
