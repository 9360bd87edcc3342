using EventScheduler.Domain.Common;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>Turns the domain's rule violations (English, for
/// integrators) into messages beside the form's fields in the reader's language, keyed by the stable
/// codes, never by parsing the English text.</summary>
public sealed class RegistrationFormErrors(UiText text)
{
    private readonly List<(string Field, string Message)> _errors = [];

    public UiText Text => text;
    public int Count => _errors.Count;
    public IReadOnlyList<(string Field, string Message)> All => _errors;

    public void Add(string field, string message)
    {
        if (!_errors.Any(e => e.Field == field))
        {
            _errors.Add((field, message));
        }
    }

    /// <summary>Returns false when the violation is about the form as a whole, not one field.</summary>
    public bool AddViolation(RuleViolation violation)
    {
        var message = violation.Code switch
        {
            Domain.Common.Text.RequiredCode => text.ErrorRequired,
            Domain.Common.Text.TooLongCode => text.ErrorTooLong,
            Domain.Common.Text.InvalidCharactersCode => text.ErrorInvalidCharacters,
            RegistrationRules.EmailInvalid => text.ErrorEmail,
            "phone_invalid" => text.ErrorPhone,
            RegistrationRules.HospitalRequired => text.ErrorHospital,
            RegistrationRules.UnknownHospital => text.ErrorUnknownHospital,
            RegistrationRules.ModeNotOffered => text.ErrorModeNotOffered,
            RegistrationRules.AlreadyRegistered => text.ErrorAlreadyRegistered,
            _ => null,
        };
        var field = violation.Code == RegistrationRules.AlreadyRegistered ? "email" : violation.Field;
        if (message is null || field is null)
        {
            return false;
        }

        Add(field, message);
        return true;
    }

    public string FormMessage(string code) => code switch
    {
        RegistrationRules.RegistrationClosed or RegistrationRules.MeetingNotOpen => text.ErrorRegistrationClosed,
        _ => text.ErrorGeneric,
    };
}
