using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Pages.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Hospitals;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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
        if (request.Mode is null && errors.All.All(e => e.Field != "mode"))
        {
            errors.Add("mode", ui.T.ErrorModeRequired);
        }

        var attendee = CheckWithDomain(request, errors);
        if (errors.Count == 0 && attendee is not null)
        {
            try
            {
                // The API's per-e-mail sign-up budget, shared with it (the address budget is the rate limiter's).
                await emailLimits.CheckAsync("sign-up", attendee.EmailNormalised, ct);
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

    private SignUpInput ToRequest(RegistrationFormErrors errors)
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

        Domain.Common.Language? language = null;
        if (!string.IsNullOrEmpty(Language))
        {
            // The API's values only (zh, en), not the page's looser language tags.
            if (EnumText.TryParse(typeof(Domain.Common.Language), Language, out var chosen))
            {
                language = (Domain.Common.Language)chosen!;
            }
            else
            {
                errors.Add("language", errors.Text.ErrorRequired);
            }
        }

        return new SignUpInput
        {
            FullName = FullName,
            Email = Email,
            Phone = Phone,
            HospitalId = hospitalId,
            HospitalName = hospitalId is null ? HospitalName : null,
            JobTitle = JobTitle,
            Specialty = Specialty,
            Mode = mode,
            Language = language,
        };
    }

    private sealed record SignUpInput
    {
        public string? FullName { get; init; }
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public Guid? HospitalId { get; init; }
        public string? HospitalName { get; init; }
        public string? JobTitle { get; init; }
        public string? Specialty { get; init; }
        public AttendanceMode? Mode { get; init; }
        public Domain.Common.Language? Language { get; init; }
    }

    /// <summary>The domain (Attendee.Create) is the one judge of the attendee's fields, but stops at the first broken
    /// rule; to show every field's problem at once it is asked again with each reported field set aside (a valid
    /// stand-in), until it accepts. Returns the attendee when nothing was wrong.</summary>
    private static Attendee? CheckWithDomain(SignUpInput input, RegistrationFormErrors errors)
    {
        var probe = input;
        var failed = false;
        for (var round = 0; round < 10; round++)
        {
            try
            {
                var attendee = Attendee.Create(probe.FullName, probe.Email, probe.Phone, probe.HospitalId, probe.HospitalName, probe.JobTitle, probe.Specialty, probe.Language);
                return failed || errors.Count > 0 ? null : attendee;
            }
            catch (RuleViolation violation)
            {
                failed = true;
                errors.AddViolation(violation);
                probe = violation.Field switch
                {
                    "fullName" => probe with { FullName = "x" },
                    "email" => probe with { Email = "stand-in@example.org" },
                    "phone" => probe with { Phone = null },
                    "hospitalId" or "hospitalName" => probe with { HospitalId = null, HospitalName = "x" },
                    "jobTitle" => probe with { JobTitle = "x" },
                    "specialty" => probe with { Specialty = "x" },
                    _ => null!,
                };
                if (probe is null)
                {
                    return null;
                }
            }
        }

        return null;
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
