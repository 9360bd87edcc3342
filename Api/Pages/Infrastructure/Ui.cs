using System.Globalization;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;
using EventScheduler.Domain.Registrations;
using Microsoft.AspNetCore.WebUtilities;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>What a page needs to speak the reader's language: the texts, and dates and times in the
/// meeting's own time zone written the way a reader of that language expects.</summary>
public sealed class Ui(IHttpContextAccessor accessor)
{
    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("Ui is only available during a request.");

    public Language Language => PageLanguage.For(Http);
    public UiText T => Language == Language.En ? UiText.En : UiText.Zh;
    public CultureInfo Culture => PageLanguage.Culture(Language);
    public string HtmlLang => PageLanguage.HtmlLang(Language);
    public string Code => PageLanguage.Code(Language);

    public string F(string pattern, params object?[] args) => string.Format(Culture, pattern, args);

    public static DateTimeOffset InZone(DateTimeOffset instant, string timeZone) =>
        TimeZoneInfo.ConvertTime(instant, TimeZones.Find(timeZone));

    /// <summary>"2027年3月20日（星期六）" or "Saturday 20 March 2027".</summary>
    public string Date(DateTimeOffset instant, string timeZone) =>
        InZone(instant, timeZone).ToString(Language == Language.En ? "dddd d MMMM yyyy" : "yyyy年M月d日（dddd）", Culture);

    public string Time(DateTimeOffset instant, string timeZone) => InZone(instant, timeZone).ToString("HH:mm", CultureInfo.InvariantCulture);

    public string DateTime(DateTimeOffset instant, string timeZone) =>
        Language == Language.En ? $"{Date(instant, timeZone)}, {Time(instant, timeZone)}" : $"{Date(instant, timeZone)} {Time(instant, timeZone)}";

    /// <summary>A span: one date and two times on one day, else both dates.</summary>
    public string Span(DateTimeOffset start, DateTimeOffset end, string timeZone)
    {
        var s = InZone(start, timeZone);
        var e = InZone(end, timeZone);
        return s.Date == e.Date
            ? $"{DateTime(start, timeZone)}–{Time(end, timeZone)}"
            : $"{DateTime(start, timeZone)} – {DateTime(end, timeZone)}";
    }

    /// <summary>"Asia/Shanghai, UTC+08:00" at the given instant (offsets change with daylight saving).</summary>
    public static string Zone(DateTimeOffset at, string timeZone)
    {
        var offset = InZone(at, timeZone).Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"{timeZone}, UTC{sign}{offset.Duration():hh\\:mm}";
    }

    /// <summary>The meeting's texts in the reader's language, falling back to the entered ones.</summary>
    public MeetingText Text(EventScheduler.Domain.Meetings.MeetingDetails details) => MeetingText.For(details, Code);

    public string SlotTitle(Features.Programme.ProgrammeSlot slot) => Translation(slot)?.Title ?? slot.Title;

    public string? SlotProcedure(Features.Programme.ProgrammeSlot slot) => slot.Procedure is null ? null : Translation(slot)?.Procedure ?? slot.Procedure;

    private Features.Programme.SlotTranslationDto? Translation(Features.Programme.ProgrammeSlot slot) =>
        Language == Language.En ? slot.Translations.En : slot.Translations.Zh;

    public string Mode(AttendanceMode mode) => mode == AttendanceMode.InPerson ? T.ModeInPerson : T.ModeOnline;

    public string Kind(SlotKind kind) => kind switch
    {
        SlotKind.SurgeryDemo => T.KindSurgeryDemo,
        SlotKind.Lecture => T.KindLecture,
        SlotKind.Discussion => T.KindDiscussion,
        SlotKind.Ceremony => T.KindCeremony,
        _ => T.KindBreak,
    };

    public string Approach(SurgicalApproach approach) => approach switch
    {
        SurgicalApproach.Laparoscopic => T.ApproachLaparoscopic,
        SurgicalApproach.Robotic => T.ApproachRobotic,
        _ => T.ApproachOpen,
    };

    public string Live(LiveStatus status) => status switch
    {
        LiveStatus.Scheduled => T.LiveScheduled,
        LiveStatus.Delayed => T.LiveDelayed,
        LiveStatus.Live => T.LiveLive,
        LiveStatus.Interrupted => T.LiveInterrupted,
        LiveStatus.Completed => T.LiveCompleted,
        LiveStatus.SwitchedToRecording => T.LiveSwitchedToRecording,
        _ => T.LiveCancelled,
    };

    public string Status(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Confirmed => T.StatusConfirmed,
        RegistrationStatus.Waitlisted => T.StatusWaitlisted,
        _ => T.StatusCancelled,
    };

    /// <summary>An aside in brackets, full-width in Chinese.</summary>
    public string Paren(string? text) => string.IsNullOrEmpty(text) ? "" : Language == Language.En ? $" ({text})" : $"（{text}）";

    /// <summary>"Label: " with the colon of the language.</summary>
    public string Colon => Language == Language.En ? ": " : "：";

    /// <summary>City and province (or any two parts of a place), joined as the language writes them.</summary>
    public string Place(string? first, string? second) =>
        string.Join(Language == Language.En ? ", " : "，", new[] { first, second }.Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>Separator between people or items in running text.</summary>
    public string Sep => Language == Language.En ? "; " : "；";

    public string SeatsLeft(int left) => left == 1 ? T.SeatsLeftOne : F(T.SeatsLeft, left);

    /// <summary>The current address with the language switched (the rest of the query, e.g. a manage token, kept).</summary>
    public string OtherLanguageUrl()
    {
        var request = Http.Request;
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(q => !string.Equals(q.Key, PageLanguage.QueryKey, StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>(PageLanguage.QueryKey, Language == Language.En ? "zh" : "en"));
        return QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
    }
}
