using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Pages.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventScheduler.Api.Pages;

/// <summary>The attendee's own registration, opened with the manage link (<c>/r/{id}?token=…</c>): status,
/// waiting-list place, check-in code and QR code, the stream link when it is time, switch mode, cancel
/// (after a confirmation step), add to calendar.</summary>
public sealed class ManageModel(RegistrationCalls registrations, TimeProvider time, IConfiguration configuration) : PageModel
{
    private const string NoticeKey = "notice";
    private const string ErrorKey = "error";

    public RegistrationResponse Registration { get; private set; } = null!;
    public Meeting Meeting { get; private set; } = null!;
    public string Token { get; private set; } = "";
    public bool JustRegistered { get; private set; }
    public string? Notice { get; private set; }
    public string? Error { get; private set; }
    public bool ConfirmingCancel { get; private set; }
    /// <summary>Where a confirmed online registration stands with the stream (the join link's own window).</summary>
    public StreamPhase Stream { get; private set; }
    /// <summary>The personal join link (<c>/j/{id}?token=…</c>): it records the join for CME and redirects to the
    /// stream, so the page never hands out the raw stream URL.</summary>
    public string JoinUrl { get; private set; } = "";
    public bool WindowOpen { get; private set; }
    public string ManageUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string registrationId, string? token, string? step, CancellationToken ct)
    {
        PageResults.NoStore(Response);
        if (!Guid.TryParse(registrationId, out var id) || await registrations.ReadAsync(id, token, ct) is not { } found)
        {
            return NotFoundPage();
        }

        (Registration, Meeting) = found;
        Token = token!;
        var ui = HttpContext.RequestServices.GetRequiredService<Ui>();
        JustRegistered = TempData[RegisterModel.RegisteredFlag] is true;
        Notice = TempData[NoticeKey] switch
        {
            "switched" => ui.T.Switched,
            "cancelled" => ui.T.Cancelled,
            _ => null,
        };
        Error = TempData[ErrorKey] is string code ? ErrorText(ui.T, code) : null;
        ConfirmingCancel = step == "cancel" && Registration.Status != RegistrationStatus.Cancelled;
        var now = time.GetUtcNow();
        var d = Meeting.Details;
        var window = OnlineAttendance.Window(Meeting);
        Stream = Registration.Stream is null ? StreamPhase.None
            : now < window.Start ? StreamPhase.Later
            : now < window.End ? StreamPhase.Open
            : StreamPhase.Ended;
        JoinUrl = $"/j/{Registration.Id}?token={Uri.EscapeDataString(Token)}";
        WindowOpen = Meeting.IsRegistrationOpen(now);
        var baseUrl = configuration["PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{Request.Scheme}://{Request.Host}";
        ManageUrl = $"{baseUrl}/r/{Registration.Id}?token={Uri.EscapeDataString(Token)}";
        return Page();
    }

    public async Task<IActionResult> OnPostSwitchAsync(string registrationId, [FromForm] string? token, [FromForm] string? mode)
    {
        PageResults.NoStore(Response);
        if (!Guid.TryParse(registrationId, out var id) || string.IsNullOrEmpty(token))
        {
            return NotFoundPage();
        }

        if (!EnumText.TryParse(typeof(AttendanceMode), mode, out var target) || target is null)
        {
            TempData[ErrorKey] = "mode_required";
            return Back(id, token);
        }

        return await RunAsync(id, token, () => registrations.SwitchModeAsync(id, token, (AttendanceMode)target, HttpContext.RequestAborted), "switched");
    }

    public async Task<IActionResult> OnPostCancelAsync(string registrationId, [FromForm] string? token)
    {
        PageResults.NoStore(Response);
        if (!Guid.TryParse(registrationId, out var id) || string.IsNullOrEmpty(token))
        {
            return NotFoundPage();
        }

        return await RunAsync(id, token, () => registrations.CancelAsync(id, token, HttpContext.RequestAborted), "cancelled");
    }

    private async Task<IActionResult> RunAsync(Guid id, string token, Func<Task> change, string notice)
    {
        try
        {
            await change();
            TempData[NoticeKey] = notice;
        }
        catch (NotFoundException)
        {
            return NotFoundPage();
        }
        catch (StorageUnavailableException)
        {
            TempData[ErrorKey] = ErrorCodes.Unavailable;
        }
        catch (RuleViolation violation)
        {
            TempData[ErrorKey] = violation.Code;
        }

        return Back(id, token);
    }

    /// <summary>Post, redirect, get: a reload never repeats the change.</summary>
    private RedirectResult Back(Guid id, string token) => Redirect($"/r/{id}?token={Uri.EscapeDataString(token)}");

    private IActionResult NotFoundPage() =>
        PageResults.NotFound(this, HttpContext.RequestServices.GetRequiredService<Ui>().T.RegistrationNotFound);

    private static string ErrorText(UiText t, string code) => code switch
    {
        RegistrationRules.AlreadyInMode or RegistrationRules.AlreadyWaitlisted => t.ErrorAlreadyInMode,
        RegistrationRules.AlreadyCheckedIn => t.ErrorCheckedInNoSwitch,
        RegistrationRules.RegistrationCancelled => t.ErrorRegistrationCancelled,
        RegistrationRules.RegistrationClosed or RegistrationRules.MeetingNotOpen => t.ErrorRegistrationClosed,
        RegistrationRules.ModeNotOffered => t.ErrorModeNotOffered,
        "mode_required" => t.ErrorModeRequired,
        ErrorCodes.Unavailable => t.ErrorBusy,
        _ => t.ErrorGeneric,
    };

    public static string QrDataUri(string code)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCoder.QRCodeGenerator.ECCLevel.M);
        var png = new QRCoder.PngByteQRCode(data).GetGraphic(8);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}

/// <summary>The stream part of the manage page: nothing (not confirmed online, or the meeting is not on), the
/// time it opens, the join link, or "it has ended".</summary>
public enum StreamPhase
{
    None,
    Later,
    Open,
    Ended,
}
