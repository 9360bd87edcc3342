using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Common;

namespace EventScheduler.Api.Email;

public static class Languages
{
    /// <summary>The registration's own language (as stored), else the meeting's: "zh" or "en".</summary>
    public static string Resolve(string? registration, Language meeting) => registration is "zh" or "en" ? registration : EnumText.ToText(meeting);
}
