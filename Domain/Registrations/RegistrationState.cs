namespace EventScheduler.Domain.Registrations;

/// <summary>What a registration counts as in its meeting's <see cref="SeatCounts"/>: the seat it holds or waits
/// for, its status, the waiting list it is in (a confirmed one may wait to switch), whether it checked in.</summary>
public readonly record struct RegistrationState(AttendanceMode Mode, RegistrationStatus Status, AttendanceMode? QueueMode, bool CheckedIn);
