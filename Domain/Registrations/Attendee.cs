using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Registrations;

/// <summary>Who registers. E-mail and phone are personal data: only staff (and the integration that
/// is allowed to see the registration) ever get them back.</summary>
public sealed record Attendee
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 40;
    public const int MaxHospitalNameLength = 200;
    public const int MaxJobTitleLength = 200;
    public const int MaxSpecialtyLength = 200;

    private Attendee()
    {
    }

    public string FullName { get; private init; } = "";
    public string Email { get; private init; } = "";

    /// <summary>The canonical form (<see cref="EmailAddress"/>): the key of "one active registration per person per meeting".</summary>
    public string EmailNormalised { get; private init; } = "";

    public string? Phone { get; private init; }
    public Guid? HospitalId { get; private init; }
    public string? HospitalName { get; private init; }
    public string JobTitle { get; private init; } = "";
    public string Specialty { get; private init; } = "";

    /// <summary>The language the attendee chose for mails; null: the meeting's.</summary>
    public Language? Language { get; private init; }

    public static Attendee Create(string? fullName, string? email, string? phone, Guid? hospitalId, string? hospitalName, string? jobTitle, string? specialty,
        Language? language = null)
    {
        // The message never repeats the address: errors end up in logs.
        var checkedEmail = EmailAddress.Parse(email);

        var checkedPhone = Text.Optional(phone, "phone", MaxPhoneLength);
        if (checkedPhone is not null && !checkedPhone.All(ch => char.IsDigit(ch) || ch is '+' or ' ' or '-' or '(' or ')'))
        {
            throw RuleViolation.Invalid(RegistrationRules.PhoneInvalid, "'phone' may contain only digits, spaces and + - ( ).", "phone");
        }

        var name = Text.Optional(hospitalName, "hospitalName", MaxHospitalNameLength);
        if (hospitalId is null && name is null)
        {
            throw RuleViolation.Invalid(RegistrationRules.HospitalRequired, "Give 'hospitalId' or 'hospitalName'.", "hospitalName");
        }

        return new Attendee
        {
            FullName = Text.Required(fullName, "fullName", MaxNameLength),
            Email = checkedEmail.Typed,
            EmailNormalised = checkedEmail.Canonical,
            Phone = checkedPhone,
            HospitalId = hospitalId,
            HospitalName = name,
            JobTitle = Text.Required(jobTitle, "jobTitle", MaxJobTitleLength),
            Specialty = Text.Required(specialty, "specialty", MaxSpecialtyLength),
            Language = language,
        };
    }

    public static Attendee Restore(string fullName, string email, string? phone, Guid? hospitalId, string? hospitalName, string jobTitle, string specialty,
        Language? language = null) => new()
    {
        FullName = fullName,
        Email = email,
        // An erased attendee has no address (and so no key: it can never clash with a new sign-up).
        EmailNormalised = email.Length == 0 ? "" : Normalise(email),
        Phone = phone,
        HospitalId = hospitalId,
        HospitalName = hospitalName,
        JobTitle = jobTitle,
        Specialty = specialty,
        Language = language,
    };

    /// <summary>With <see cref="HospitalId"/> given: the attendee of that alliance hospital, under its registered
    /// <paramref name="registeredName"/> (null: there is no such hospital). Without: unchanged.</summary>
    public Attendee OfHospital(string? registeredName)
    {
        if (HospitalId is null)
        {
            return this;
        }

        return registeredName is null
            ? throw RuleViolation.Invalid(RegistrationRules.UnknownHospital, "No hospital with this 'hospitalId'.", "hospitalId")
            : this with { HospitalName = registeredName };
    }

    /// <summary>The attendee with the personal data erased: e-mail, phone, job title, specialty and language always;
    /// with <paramref name="keepIdentity"/> false also the name and the hospital (its id too: with no name left, which
    /// hospital someone came from is all that would remain of them). Erased text is empty, never made up.</summary>
    public Attendee Erased(bool keepIdentity) => this with
    {
        Email = "",
        EmailNormalised = "",
        Phone = null,
        JobTitle = "",
        Specialty = "",
        Language = null,
        FullName = keepIdentity ? FullName : "",
        HospitalId = keepIdentity ? HospitalId : null,
        HospitalName = keepIdentity ? HospitalName : null,
    };

    /// <summary>The canonical form of an address (<see cref="EmailAddress.Canonicalise"/>), for lookups and stored rows.</summary>
    public static string Normalise(string email) => EmailAddress.Canonicalise(email);
}
