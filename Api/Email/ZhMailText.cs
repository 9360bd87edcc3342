using System.Globalization;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Email;

/// <summary>The messages in Chinese, written as a conference office would write them (not translated word by word).</summary>
public sealed class ZhMailText : IMailText
{
    private static readonly string[] Weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

    public MailContent Write(MailView v)
    {
        var title = v.Text.Title;
        var r = v.Registration;
        var facts = new List<MailFact>();
        var paragraphs = new List<string>();
        string subject;
        string? qr = null;
        switch (v.Kind)
        {
            case MessageKinds.Confirmed:
            case MessageKinds.Promoted:
                subject = v.Kind == MessageKinds.Promoted ? $"候补转正：您已获得“{title}”的参会名额" : $"报名成功：{title}";
                paragraphs.Add(v.Kind == MessageKinds.Promoted
                    ? $"好消息！有名额空出，您已从候补名单转为正式参会（{Mode(r.Mode)}），无需再做任何操作。"
                    : $"您已成功报名“{title}”（{Mode(r.Mode)}）。");
                paragraphs.Add(Attendance(v));
                facts.AddRange(MeetingFacts(v));
                qr = AddCode(v, facts);
                break;
            case MessageKinds.Waitlisted:
                subject = $"已加入候补名单：{title}";
                paragraphs.Add($"“{title}”的{Mode(r.Mode)}名额已满，您已加入候补名单，目前排在第 {v.QueuePosition ?? 1} 位。");
                paragraphs.Add("一旦有人取消，系统会按报名先后顺序自动为您确认名额，并另发邮件通知您。");
                facts.AddRange(MeetingFacts(v));
                break;
            case MessageKinds.ModeSwitched:
                subject = $"参会方式已更新：{title}";
                paragraphs.Add(SwitchText(v));
                facts.AddRange(MeetingFacts(v));
                qr = AddCode(v, facts);
                break;
            case MessageKinds.CancelledByAttendee:
                subject = $"已取消报名：{title}";
                paragraphs.Add($"您已取消“{title}”的报名。感谢您及时告知，名额可以让给其他同道。");
                paragraphs.Add("如果改变主意，在报名截止前可以重新报名。");
                facts.AddRange(MeetingFacts(v));
                break;
            case MessageKinds.CancelledByOrganiser:
                subject = $"您的报名已被取消：{title}";
                paragraphs.Add($"会务组已取消您在“{title}”的报名。" + (v.Reason is { } reason ? $"原因：{reason}" : ""));
                paragraphs.Add("如有疑问，请直接联系会务组。");
                facts.AddRange(MeetingFacts(v));
                break;
            case MessageKinds.MeetingCancelled:
                subject = $"会议取消通知：{title}";
                paragraphs.Add($"很抱歉地通知您，“{title}”已取消，您的报名也随之取消。");
                if (v.Meeting.CancellationReason is { } why)
                {
                    paragraphs.Add($"取消原因：{why}");
                }

                paragraphs.Add("给您带来不便，敬请谅解。附件中的日历文件可将该会议从您的日程中移除。");
                facts.Add(new MailFact("原定时间", When(v, v.Meeting.Details.StartsAt, v.Meeting.Details.EndsAt)));
                break;
            case MessageKinds.MeetingMoved:
                subject = $"会议信息变更：{title}";
                paragraphs.Add($"“{title}”的安排有所调整，请以下列最新信息为准。附件是更新后的日历文件，导入后会替换原来的日程。");
                facts.AddRange(MeetingFacts(v));
                if (v.Previous is { } p)
                {
                    facts.Add(new MailFact("原定时间", When(v, p.StartsAt, p.EndsAt)));
                    // Whether the venue changed is a fact of the entered texts; it is shown in the reader's language.
                    if (p.VenueName is not null && (p.VenueName != v.Meeting.Details.Venue?.Name || p.VenueAddress != v.Meeting.Details.Venue?.Address)
                        && p.VenueIn(v.Language) is ({ } previousName, var previousAddress))
                    {
                        facts.Add(new MailFact("原定地点", Place(previousName, previousAddress)));
                    }
                }

                qr = AddCode(v, facts);
                break;
            case MessageKinds.Reminder:
                subject = $"会议提醒：“{title}”将于{Day(v, v.Meeting.Details.StartsAt)} {Clock(v, v.Meeting.Details.StartsAt)}开始";
                if (r.Mode == AttendanceMode.InPerson)
                {
                    paragraphs.Add("会议即将开始，期待与您现场相见。到场后请在签到处出示下方二维码或签到码。");
                }
                else
                {
                    paragraphs.Add("会议即将开始。请通过下面的直播链接观看（链接仅供您本人使用，请勿转发）。");
                }

                facts.AddRange(MeetingFacts(v));
                if (r.Mode == AttendanceMode.Online && v.WatchLink is { } watch)
                {
                    facts.Add(new MailFact("直播链接", watch, Link: true));
                    if (v.Meeting.Details.Stream?.Platform is { } platform)
                    {
                        facts.Add(new MailFact("直播平台", platform));
                    }
                }

                qr = AddCode(v, facts);
                break;
            case MessageKinds.CertificateReady when v.Certificate is { } c:
                subject = $"继续医学教育学分证书已签发：{title}";
                paragraphs.Add($"您参加“{title}”的继续医学教育学分证书已经签发，授予{CreditType(c.Accreditation.CreditType)} {Credits(c.Credits)} 分"
                               + $"（授予机构：{c.Accreditation.AccreditingBody}）。");
                paragraphs.Add("请通过下方链接下载 PDF 证书。证书上的验证码可供他人在线核验真伪。");
                facts.Add(new MailFact("会议", title));
                facts.Add(new MailFact("证书编号", c.Serial));
                facts.Add(new MailFact("学分", $"{CreditType(c.Accreditation.CreditType)} {Credits(c.Credits)} 分"));
                facts.Add(new MailFact("验证码", c.VerificationCode));
                facts.Add(new MailFact("下载证书", v.CertificateLink!, Link: true));
                break;
            default:
                subject = $"您的报名管理链接：{title}";
                paragraphs.Add($"您申请重新获取“{title}”的报名管理链接。通过下方链接可以查看报名状态、更改参会方式或取消报名。");
                paragraphs.Add("如果不是您本人操作，请忽略本邮件，您的报名不会有任何变化。");
                facts.AddRange(MeetingFacts(v));
                qr = AddCode(v, facts);
                break;
        }

        return new MailContent(subject, $"{r.Attendee.FullName}，您好：", paragraphs, facts, "查看或管理我的报名", qr,
            "此邮件由系统自动发送，请勿直接回复。");
    }

    private static string Attendance(MailView v) => v.Registration.Mode == AttendanceMode.InPerson
        ? "到场后请在签到处出示下方二维码，或报出签到码。"
        : $"直播链接会在会议开始前约 {Lead(v.ReminderLeadTime)}通过邮件单独发给您。";

    private static string SwitchText(MailView v)
    {
        var r = v.Registration;
        if (r.Status == RegistrationStatus.Waitlisted)
        {
            return $"您已改为{Mode(r.Mode)}，目前在{Mode(r.Mode)}候补名单第 {v.QueuePosition ?? 1} 位，有名额时会自动为您确认。";
        }

        if (r.HasPendingSwitch && r.QueueMode is { } target)
        {
            return $"{Mode(target)}名额暂时已满，您已加入{Mode(target)}候补名单（第 {v.QueuePosition ?? 1} 位）。在此之前，您仍保留{Mode(r.Mode)}名额。";
        }

        return $"您的参会方式现为{Mode(r.Mode)}。" + (r.Mode == AttendanceMode.Online ? Attendance(v) : "到场后请在签到处出示下方二维码或签到码。");
    }

    private static string? AddCode(MailView v, List<MailFact> facts)
    {
        if (v.CheckInCode is not { } code)
        {
            return null;
        }

        facts.Add(new MailFact("签到码", code));
        return "签到二维码（签到时出示即可）";
    }

    private static IEnumerable<MailFact> MeetingFacts(MailView v)
    {
        var d = v.Meeting.Details;
        yield return new MailFact("会议", v.Text.Title);
        yield return new MailFact("时间", When(v, d.StartsAt, d.EndsAt));
        if (d.Format != MeetingFormat.Online && v.Text.VenueName is { } venue)
        {
            yield return new MailFact("地点", Place(venue, v.Text.VenueAddress));
        }

        yield return new MailFact("参会方式", Mode(v.Registration.Mode));
    }

    private static string Credits(decimal credits) => credits.ToString("0.##", CultureInfo.InvariantCulture);

    private static string CreditType(Domain.Cme.CreditType type) => type switch
    {
        Domain.Cme.CreditType.ClassI => "Ⅰ类学分",
        Domain.Cme.CreditType.ClassII => "Ⅱ类学分",
        _ => "继续医学教育学分",
    };

    private static string Place(string name, string? address) => address is null ? name : $"{name}（{address}）";

    private static string Mode(AttendanceMode mode) => mode == AttendanceMode.InPerson ? "现场参会" : "线上参会";

    private static string When(MailView v, DateTimeOffset start, DateTimeOffset end)
    {
        var zone = v.Meeting.Details.TimeZone == "Asia/Shanghai" ? "北京时间" : v.Meeting.Details.TimeZone;
        var (s, e) = (v.Local(start), v.Local(end));
        var range = s.Date == e.Date ? $"{Day(v, start)} {Clock(v, start)}–{Clock(v, end)}" : $"{Day(v, start)} {Clock(v, start)} 至 {Day(v, end)} {Clock(v, end)}";
        return $"{range}（{zone}）";
    }

    private static string Day(MailView v, DateTimeOffset instant)
    {
        var local = v.Local(instant);
        return string.Create(CultureInfo.InvariantCulture, $"{local.Year}年{local.Month}月{local.Day}日（{Weekdays[(int)local.DayOfWeek]}）");
    }

    private static string Clock(MailView v, DateTimeOffset instant) => v.Local(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Lead(TimeSpan lead) => lead.TotalHours >= 24 && lead.TotalHours % 24 == 0
        ? $"{lead.TotalDays:0} 天"
        : lead.TotalMinutes >= 60 ? $"{lead.TotalHours:0.#} 小时" : $"{lead.TotalMinutes:0} 分钟";
}
