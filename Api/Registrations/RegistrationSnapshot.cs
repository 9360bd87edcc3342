using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>A registration as a command left it or a read found it, with its meeting (time zone, stream,
/// status) and its place in a waiting list: everything a response or a page shows.</summary>
/// <param name="WaitlistPosition">1-based place in the waiting list of its mode, or of the mode it asked
/// to switch to; null when it waits in none.</param>
public sealed record RegistrationSnapshot(Registration Registration, Meeting Meeting, int? WaitlistPosition);
