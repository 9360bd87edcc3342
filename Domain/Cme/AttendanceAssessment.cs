namespace EventScheduler.Domain.Cme;

/// <summary>Minutes present in one accredited slot, out of the minutes it ran.</summary>
public sealed record SlotAttendance(Guid SlotId, int Minutes, int WindowMinutes);

/// <summary>What the credit policy concludes for one registration.</summary>
/// <param name="AttendedMinutes">Minutes present in accredited time, parallel slots counted once, corrections applied.</param>
/// <param name="AccreditedMinutes">Length of all accredited slots' windows together (parallel slots once).</param>
/// <param name="Percent">Attended share of the accredited time, rounded down to one decimal.</param>
/// <param name="Eligible">At or above the minimum attendance and earning more than zero credits.</param>
/// <param name="Credits">Zero unless eligible.</param>
public sealed record AttendanceAssessment(
    IReadOnlyList<SlotAttendance> Slots,
    decimal AttendedMinutes,
    decimal AccreditedMinutes,
    decimal Percent,
    bool Eligible,
    decimal Credits)
{
    public int WholeAttendedMinutes => (int)decimal.Floor(AttendedMinutes);
}
