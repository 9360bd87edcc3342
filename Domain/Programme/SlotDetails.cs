using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Programme;

/// <summary>A faculty member operating in a live surgery case.</summary>
public sealed record OperatingSurgeon(Guid FacultyId, SurgeonRole Role);

/// <summary>Everything an organiser can set on a programme item. Surgery fields describe the case,
/// never the patient: no field holds a patient identifier.</summary>
public sealed record SlotDetails
{
    public const int MaxTitleLength = 300;
    public const int MaxChannelLength = 50;
    public const int MaxProcedureLength = 500;
    public const int MaxConsentReferenceLength = 100;
    public const int MaxPeople = 20;
    public const string DefaultChannel = "main";

    public required SlotKind Kind { get; init; }
    public required string Title { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public string Channel { get; init; } = DefaultChannel;
    public IReadOnlyList<Guid> SpeakerIds { get; init; } = [];
    public IReadOnlyList<Guid> ModeratorIds { get; init; } = [];

    // surgery_demo only
    public string? Procedure { get; init; }
    public SurgicalApproach? Approach { get; init; }
    public IReadOnlyList<OperatingSurgeon> OperatingSurgeons { get; init; } = [];

    /// <summary>The hospital whose theatre the case is operated and streamed from.</summary>
    public Guid? OriginHospitalId { get; init; }

    public bool ConsentRecorded { get; init; }

    /// <summary>The hospital's reference to its consent record (e.g. a form number); never a patient identifier.</summary>
    public string? ConsentReference { get; init; }

    /// <summary>The texts in other languages, keyed by language (zh, en); empty when there are none.</summary>
    public IReadOnlyDictionary<string, SlotTranslation> Translations { get; init; } = new Dictionary<string, SlotTranslation>();
    /// <summary>Whether the slot's time counts for CME credits; null: the default of its kind.</summary>
    public bool? Accredited { get; init; }

    /// <summary>Counts for credits: as set, else teaching yes (surgery demos, lectures, discussions), breaks and ceremonies no.</summary>
    public bool IsAccredited => Accredited ?? Cme.SlotWindows.AccreditedByDefault(Kind);

    public bool IsSurgery => Kind == SlotKind.SurgeryDemo;

    /// <summary>Every faculty member in the slot, as operator, speaker or moderator.</summary>
    public IReadOnlyList<Guid> PeopleIds =>
        OperatingSurgeons.Select(s => s.FacultyId).Concat(SpeakerIds).Concat(ModeratorIds).Distinct().ToArray();

    /// <summary>Returns a normalised copy (trimmed text, UTC instants, distinct ids) or throws the first broken rule.</summary>
    public SlotDetails Validate()
    {
        var title = Text.Required(Title, "title", MaxTitleLength);
        var channel = Text.Optional(Channel, "channel", MaxChannelLength) ?? DefaultChannel;
        if (EndsAt <= StartsAt)
        {
            throw RuleViolation.Invalid(SlotRules.EndBeforeStart, "'endsAt' must be after 'startsAt'.", "endsAt");
        }

        var speakers = SpeakerIds.Distinct().ToArray();
        var moderators = ModeratorIds.Distinct().ToArray();
        if (speakers.Length > MaxPeople || moderators.Length > MaxPeople || OperatingSurgeons.Count > MaxPeople)
        {
            throw RuleViolation.Invalid(Text.TooLongCode, $"At most {MaxPeople} people per role.", "speakerIds");
        }

        var normalised = this with
        {
            Title = title,
            Channel = channel,
            StartsAt = StartsAt.ToUniversalTime(),
            EndsAt = EndsAt.ToUniversalTime(),
            SpeakerIds = speakers,
            ModeratorIds = moderators,
            Translations = Content.ContentLanguages.Validate(Translations, (t, prefix) => t.Validate(prefix), t => t.IsEmpty),
        };

        if (!IsSurgery)
        {
            if (Procedure is not null || Approach is not null || OperatingSurgeons.Count > 0 || OriginHospitalId is not null
                || normalised.Translations.Values.Any(t => t.Procedure is not null)
                || ConsentRecorded || ConsentReference is not null)
            {
                throw RuleViolation.Invalid(SlotRules.SurgeryFieldsNotApplicable,
                    "Only a surgery_demo slot has procedure, approach, operatingSurgeons, originHospitalId and consent.", "kind");
            }

            return normalised;
        }

        var procedure = Text.Required(Procedure, "procedure", MaxProcedureLength);
        if (Approach is null)
        {
            throw RuleViolation.Invalid(Text.RequiredCode, "'approach' is required for a surgery case.", "approach");
        }

        if (OriginHospitalId is null || OriginHospitalId == Guid.Empty)
        {
            throw RuleViolation.Invalid(Text.RequiredCode, "'originHospitalId' (where the case is operated and streamed from) is required.", "originHospitalId");
        }

        if (OperatingSurgeons.Select(s => s.FacultyId).Distinct().Count() != OperatingSurgeons.Count)
        {
            throw RuleViolation.Invalid(SlotRules.DuplicateOperatingSurgeon, "Each operating surgeon may be listed once.", "operatingSurgeons");
        }

        if (!OperatingSurgeons.Any(s => s.Role == SurgeonRole.Lead))
        {
            throw RuleViolation.Invalid(SlotRules.LeadSurgeonRequired, "A surgery case needs at least one operating surgeon with role 'lead'.", "operatingSurgeons");
        }

        return normalised with
        {
            Procedure = procedure,
            ConsentReference = Text.Optional(ConsentReference, "consentReference", MaxConsentReferenceLength),
        };
    }
}
