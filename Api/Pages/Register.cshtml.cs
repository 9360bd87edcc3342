using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Pages.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Hospitals;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CreateRequest = EventScheduler.Api.Features.Registrations.Create.Request;

namespace EventScheduler.Api.Pages;

/// <summary>The sign-up form. Its fields carry the API's JSON names, so other systems can post it too;
/// it is checked by the API's own request validator and then the domain, and each error is shown beside
/// its field in the page's language, with what was typed kept.</summary>
public sealed class RegisterModel(MeetingStore meetings, HospitalStore hospitals, RegistrationCalls registrations, EmailRateLimiter emailLimits, TimeProvider time)
    : PageModel
{
    public const string RegisteredFlag = "registered";

    public Meeting Meeting { get; private set; } = null!;
    public IReadOnlyList<Hospital> Hospitals { get; private set; } = [];
    public RegistrationWindow Window { get; private set; }
    public string? FormError { get; private set; }

    [BindProperty(Name = "fullName")] public string? FullName { get; set; }
    [BindProperty(Name = "email")] public string? Email { get; set; }
    [BindProperty(Name = "phone")] public string? Phone { get; set; }
    [BindProperty(Name = "hospitalId")] public string? HospitalId { get; set; }
    [BindProperty(Name = "hospitalName")] public string? HospitalName { get; set; }
    [BindProperty(Name = "jobTitle")] public string? JobTitle { get; set; }
    [BindProperty(Name = "specialty")] public string? Specialty { get; set; }
    [BindProperty(Name = "mode")] public string? Mode { get; set; }
    [BindProperty(Name = "language")] public string? Language { get; set; }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public IReadOnlyList<AttendanceMode> OfferedModes => Enum.GetValues<AttendanceMode>().Where(m => Attendance.IsOffered(Meeting.Details.Format, m)).ToArray();

    public async Task<IActionResult> OnGetAsync(string meetingId, CancellationToken ct)
    {
        if (!await LoadAsync(meetingId, ct))
        {
            return PageResults.NotFound(this);
        }

        Language = HttpContext.RequestServices.GetRequiredService<Ui>().Code;
        Mode = OfferedModes.Count == 1 ? EnumText.ToText(OfferedModes[0]) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string meetingId, CancellationToken ct)
    {
        PageResults.NoStore(Response);
        if (!await LoadAsync(meetingId, ct))
        {
            return PageResults.NotFound(this);
        }

        var ui = HttpContext.RequestServices.GetRequiredService<Ui>();
        var errors = new RegistrationFormErrors(ui.T);
        var request = ToRequest(errors);
        if (errors.Count == 0)
        {
            // The API's own request validator: the same shape rules, all fields at once.
            foreach (var failure in new CreateRequest.Validator().Validate(request).Errors)
            {
                errors.AddValidation(failure.PropertyName, failure.ErrorCode);
            }
        }

        Attendee? attendee = null;
        try
        {
            // The domain's checks too (e-mail and phone format, ...), so every field's problem shows at once.
            attendee = Attendee.Create(request.FullName, request.Email, request.Phone, request.HospitalId, request.HospitalName, request.JobTitle, request.Specialty);
        }
        catch (RuleViolation violation)
        {
            errors.AddViolation(violation);
        }

        if (errors.Count == 0 && attendee is not null)
        {
            try
            {
                // The API's per-e-mail sign-up budget, shared with it (the address budget is the rate limiter's).
                emailLimits.Check("sign-up", attendee.EmailNormalised);
                var (registrationId, token) = await registrations.SignUpAsync(Meeting.Id, attendee, request.Mode!.Value, ct);
                TempData[RegisteredFlag] = true;
                return Redirect($"/r/{registrationId}?token={Uri.EscapeDataString(token)}");
            }
            catch (RuleViolation violation)
            {
                if (!errors.AddViolation(violation))
                {
                    FormError = errors.FormMessage(violation.Code);
                }
            }
            catch (StorageUnavailableException)
            {
                FormError = ui.T.ErrorBusy;
            }
            catch (ApiException ex) when (ex.Status == StatusCodes.Status429TooManyRequests)
            {
                FormError = ui.T.ErrorTooManyRequests;
                Response.Headers.RetryAfter = ex.Headers.TryGetValue("Retry-After", out var retry) ? retry : "60";
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Page();
            }
            catch (NotFoundException)
            {
                return PageResults.NotFound(this);
            }
        }

        foreach (var (field, message) in errors.All)
        {
            ModelState.AddModelError(field, message);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private CreateRequest ToRequest(RegistrationFormErrors errors)
    {
        Guid? hospitalId = null;
        if (!string.IsNullOrWhiteSpace(HospitalId))
        {
            if (Guid.TryParse(HospitalId, out var parsed))
            {
                hospitalId = parsed;
            }
            else
            {
                errors.Add("hospitalId", errors.Text.ErrorUnknownHospital);
            }
        }

        AttendanceMode? mode = null;
        if (!string.IsNullOrEmpty(Mode))
        {
            if (EnumText.TryParse(typeof(AttendanceMode), Mode, out var parsed))
            {
                mode = (AttendanceMode)parsed!;
            }
            else
            {
                errors.Add("mode", errors.Text.ErrorModeRequired);
            }
        }

        if (!string.IsNullOrEmpty(Language) && !PageLanguage.TryParse(Language, out _))
        {
            errors.Add("language", errors.Text.ErrorRequired);
        }

        return new CreateRequest
        {
            Id = Meeting?.Id ?? Guid.Empty,
            FullName = FullName,
            Email = Email,
            Phone = Phone,
            HospitalId = hospitalId,
            HospitalName = hospitalId is null ? HospitalName : null,
            JobTitle = JobTitle,
            Specialty = Specialty,
            Mode = mode,
        };
    }

    private async Task<bool> LoadAsync(string meetingId, CancellationToken ct)
    {
        if (!Guid.TryParse(meetingId, out var id) || await meetings.GetAsync(id, ct) is not { PublishedAt: not null } meeting)
        {
            return false;
        }

        Meeting = meeting;
        Window = RegistrationWindows.For(meeting, time.GetUtcNow());
        Hospitals = await hospitals.ListAsync(null, null, null, 500, ct);
        return true;
    }
}
