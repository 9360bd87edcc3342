using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>The fixed words of a calendar's descriptions in one language. A calendar asked for in Chinese
/// (<c>?lang=zh</c>, or attached to a Chinese mail) reads Chinese throughout, not translated titles between English
/// labels; one without a language (as entered) keeps the English labels it always had.</summary>
public sealed record CalendarLabels(
    Func<string, int, string> SeriesNumber,
    Func<string, string> InConjunctionWith,
    Func<string, string> Cancelled,
    Func<string, string?, string> LiveSurgery,
    Func<string, string, string> From,
    string Operating,
    string Speakers,
    string Moderators,
    string ListSeparator,
    Func<string, string?, string, string> Person,
    Func<SurgicalApproach, string> Approach,
    Func<SurgeonRole, string> Role)
{
    public static readonly CalendarLabels English = new(
        (series, n) => $"{series} #{n}",
        with => $"In conjunction with {with}",
        reason => $"Cancelled: {reason}",
        (procedure, approach) => $"Live surgery: {procedure}" + (approach is null ? "" : $" ({approach})"),
        (hospital, city) => $"From: {hospital}, {city}",
        "Operating: ",
        "Speakers: ",
        "Moderators: ",
        ", ",
        (name, title, hospital) => $"{(title is null ? "" : title + " ")}{name} ({hospital})",
        a => EnumText.ToText(a),
        r => EnumText.ToText(r));

    public static readonly CalendarLabels Chinese = new(
        (series, n) => $"{series} 第 {n} 期",
        with => $"同期会议：{with}",
        reason => $"会议已取消。原因：{reason}",
        (procedure, approach) => $"手术直播：{procedure}" + (approach is null ? "" : $"（{approach}）"),
        (hospital, city) => $"直播医院：{hospital}（{city}）",
        "手术团队：",
        "讲者：",
        "主持：",
        "、",
        (name, title, hospital) => $"{name}{(title is null ? "" : " " + title)}（{hospital}）",
        a => a switch
        {
            SurgicalApproach.Laparoscopic => "腹腔镜",
            SurgicalApproach.Robotic => "机器人辅助",
            _ => "开腹",
        },
        r => r == SurgeonRole.Lead ? "主刀" : "助手");

    /// <summary>zh: Chinese; en or none: English.</summary>
    public static CalendarLabels For(string? language) => language == Domain.Content.ContentLanguages.Chinese ? Chinese : English;
}
