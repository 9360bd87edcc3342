namespace EventScheduler.Domain.Registrations;

/// <summary>What <see cref="MeetingSeats"/> decided for one request: the registration it was about, its place in
/// a waiting list afterwards, and every change made (its own first, then any promotions the freed seat caused).</summary>
/// <param name="WaitlistPosition">1-based, in the list it waits in (it joined at the end); null when it waits in none.</param>
public sealed record SeatDecision(Registration Subject, int? WaitlistPosition, IReadOnlyList<RegistrationChange> Changes);
