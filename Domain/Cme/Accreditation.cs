using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Cme;

/// <summary>How a meeting is accredited for continuing medical education: who accredits it, under which
/// project number, which credits it gives and the rule that turns attended time into credits. Checks
/// itself on creation: an accreditation that exists is a valid one.</summary>
public sealed record Accreditation
{
    public const int MaxBodyLength = 200;
    public const int MaxProjectNumberLength = 100;

    /// <summary>Accreditors grant at most a few credits an hour (EACCME: 1); 10 leaves room for other schemes.</summary>
    public const decimal MaxCreditsPerHour = 10m;

    public const decimal MaxTotalCredits = 1000m;

    /// <summary>Credits are exact decimals to a thousandth (0.25, 0.5, 0.125); more would be noise.</summary>
    public const int Decimals = 3;

    private Accreditation(string accreditingBody, string projectNumber, CreditType creditType, decimal creditsPerHour, decimal maxCredits,
        decimal roundingStep, int minimumAttendancePercent)
    {
        AccreditingBody = accreditingBody;
        ProjectNumber = projectNumber;
        CreditType = creditType;
        CreditsPerHour = creditsPerHour;
        MaxCredits = maxCredits;
        RoundingStep = roundingStep;
        MinimumAttendancePercent = minimumAttendancePercent;
    }

    public string AccreditingBody { get; }
    public string ProjectNumber { get; }
    public CreditType CreditType { get; }
    public decimal CreditsPerHour { get; }
    public decimal MaxCredits { get; }

    /// <summary>Credits are rounded down to a multiple of this (0.25 gives 0, 0.25, 0.5, ...).</summary>
    public decimal RoundingStep { get; }

    /// <summary>Share of the accredited time an attendee must be present for to earn credits at all.</summary>
    public int MinimumAttendancePercent { get; }

    public static Accreditation Create(string? accreditingBody, string? projectNumber, CreditType creditType, decimal creditsPerHour,
        decimal maxCredits, decimal roundingStep, int minimumAttendancePercent)
    {
        var body = Required(accreditingBody, "accreditingBody", MaxBodyLength, CmeRules.AccreditingBodyRequired);
        var project = Required(projectNumber, "projectNumber", MaxProjectNumberLength, CmeRules.ProjectNumberRequired);
        Exact(creditsPerHour, "creditsPerHour");
        Exact(maxCredits, "maxCredits");
        Exact(roundingStep, "roundingStep");
        if (creditsPerHour <= 0 || creditsPerHour > MaxCreditsPerHour)
        {
            throw RuleViolation.Invalid(CmeRules.CreditsPerHourOutOfRange, $"'creditsPerHour' must be above 0 and at most {MaxCreditsPerHour}.", "creditsPerHour");
        }

        if (maxCredits <= 0 || maxCredits > MaxTotalCredits)
        {
            throw RuleViolation.Invalid(CmeRules.MaxCreditsOutOfRange, $"'maxCredits' must be above 0 and at most {MaxTotalCredits}.", "maxCredits");
        }

        if (roundingStep <= 0 || roundingStep > maxCredits)
        {
            throw RuleViolation.Invalid(CmeRules.RoundingStepOutOfRange, "'roundingStep' must be above 0 and not above 'maxCredits'.", "roundingStep");
        }

        if (minimumAttendancePercent is < 0 or > 100)
        {
            throw RuleViolation.Invalid(CmeRules.MinimumAttendanceOutOfRange, "'minimumAttendancePercent' must be between 0 and 100.", "minimumAttendancePercent");
        }

        return new Accreditation(body, project, creditType, creditsPerHour, maxCredits, roundingStep, minimumAttendancePercent);
    }

    /// <summary>Credits for <paramref name="attendedMinutes"/> of presence: hours times the rate, rounded
    /// down to the step (never up: a CME office must not be able to claim more than was earned), capped.</summary>
    public decimal CreditsFor(decimal attendedMinutes)
    {
        if (attendedMinutes <= 0)
        {
            return 0m;
        }

        var raw = attendedMinutes / 60m * CreditsPerHour;
        var rounded = decimal.Floor(raw / RoundingStep) * RoundingStep;
        return Normalised(Math.Min(rounded, MaxCredits));
    }

    /// <summary>Drops trailing zeros (3.50 -> 3.5) so figures read the same in JSON, CSV and PDF.</summary>
    public static decimal Normalised(decimal value) => value / 1.0000000000000000000000000000m;

    private static string Required(string? value, string field, int max, string code)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw RuleViolation.Invalid(code, $"'{field}' is required.", field);
        }

        return Text.Required(value, field, max);
    }

    private static void Exact(decimal value, string field)
    {
        if (decimal.Round(value, Decimals) != value)
        {
            throw RuleViolation.Invalid(CmeRules.TooManyDecimals, $"'{field}' may have at most {Decimals} decimals.", field);
        }
    }
}
