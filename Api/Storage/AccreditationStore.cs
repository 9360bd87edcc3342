using System.Data.Common;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Cme;

namespace EventScheduler.Api.Storage;

/// <summary>An accreditation as stored, with its version (the ETag) and times.</summary>
public sealed record StoredAccreditation(Guid MeetingId, Accreditation Accreditation, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A meeting's CME accreditation: one row per meeting, replaced as a whole.</summary>
public sealed class AccreditationStore(Database db)
{
    private const string SelectSql = """
        SELECT meeting_id AS MeetingId, accrediting_body AS AccreditingBody, project_number AS ProjectNumber, credit_type AS CreditType,
               credits_per_hour_milli AS CreditsPerHourMilli, max_credits_milli AS MaxCreditsMilli, rounding_step_milli AS RoundingStepMilli,
               minimum_attendance_percent AS MinimumAttendancePercent, version, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM accreditations WHERE meeting_id = @MeetingId
        """;

    private const string UpsertSql = """
        INSERT INTO accreditations (meeting_id, accrediting_body, project_number, credit_type, credits_per_hour_milli, max_credits_milli,
            rounding_step_milli, minimum_attendance_percent, version, created_at, updated_at, updated_by_key_id)
        VALUES (@MeetingId, @AccreditingBody, @ProjectNumber, @CreditType, @CreditsPerHourMilli, @MaxCreditsMilli,
            @RoundingStepMilli, @MinimumAttendancePercent, 1, @Now, @Now, @KeyId)
        ON CONFLICT (meeting_id) DO UPDATE SET
            accrediting_body = excluded.accrediting_body, project_number = excluded.project_number, credit_type = excluded.credit_type,
            credits_per_hour_milli = excluded.credits_per_hour_milli, max_credits_milli = excluded.max_credits_milli,
            rounding_step_milli = excluded.rounding_step_milli, minimum_attendance_percent = excluded.minimum_attendance_percent,
            version = accreditations.version + 1, updated_at = excluded.updated_at, updated_by_key_id = excluded.updated_by_key_id
        """;

    public Task<StoredAccreditation?> GetAsync(Guid meetingId, CancellationToken ct) =>
        db.ReadAsync(c => LoadAsync(c, null, meetingId, ct), ct);

    public static async Task<StoredAccreditation?> LoadAsync(DbConnection c, DbTransaction? tx, Guid meetingId, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectSql, new { MeetingId = meetingId.ToString() }, tx, cancellationToken: ct));
        return row?.ToStored();
    }

    /// <summary>Creates or replaces the accreditation of an existing meeting; returns it and whether it was created.</summary>
    public Task<(StoredAccreditation Stored, bool Created)> PutAsync(Guid meetingId, Accreditation accreditation, VersionPrecondition precondition,
        string? keyId, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            _ = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw new NotFoundException("Meeting");
            var current = await LoadAsync(c, tx, meetingId, ct);
            if (current is not null)
            {
                precondition.Check(current.Version);
            }

            await c.ExecuteAsync(new CommandDefinition(UpsertSql, new
            {
                MeetingId = meetingId.ToString(),
                accreditation.AccreditingBody,
                accreditation.ProjectNumber,
                CreditType = EnumText.ToText(accreditation.CreditType),
                CreditsPerHourMilli = Milli.From(accreditation.CreditsPerHour),
                MaxCreditsMilli = Milli.From(accreditation.MaxCredits),
                RoundingStepMilli = Milli.From(accreditation.RoundingStep),
                accreditation.MinimumAttendancePercent,
                Now = now.ToUnixTimeMilliseconds(),
                KeyId = keyId,
            }, tx, cancellationToken: ct));
            return ((await LoadAsync(c, tx, meetingId, ct))!, current is null);
        }, ct);

    private sealed class Row
    {
        public string MeetingId { get; init; } = "";
        public string AccreditingBody { get; init; } = "";
        public string ProjectNumber { get; init; } = "";
        public string CreditType { get; init; } = "";
        public long CreditsPerHourMilli { get; init; }
        public long MaxCreditsMilli { get; init; }
        public long RoundingStepMilli { get; init; }
        public long MinimumAttendancePercent { get; init; }
        public long Version { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }

        public StoredAccreditation ToStored() => new(Guid.Parse(MeetingId),
            Accreditation.Create(AccreditingBody, ProjectNumber, EnumText.Parse<CreditType>(CreditType), Milli.To(CreditsPerHourMilli),
                Milli.To(MaxCreditsMilli), Milli.To(RoundingStepMilli), (int)MinimumAttendancePercent),
            (int)Version, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
    }
}

/// <summary>Decimal figures (credits, steps) stored as integer thousandths: exact and portable.</summary>
public static class Milli
{
    public static long From(decimal value) => (long)decimal.Round(value * 1000m);

    public static decimal To(long milli) => milli / 1000m;
}
