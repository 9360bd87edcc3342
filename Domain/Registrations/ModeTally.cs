namespace EventScheduler.Domain.Registrations;

/// <summary>A meeting's registrations of one attendance mode, by what they count as.</summary>
/// <param name="Confirmed">Seats of this mode given away.</param>
/// <param name="Waitlisted">Waiting for a seat of this mode (and holding none).</param>
/// <param name="PendingSwitchesInto">Confirmed in the other mode, waiting in this mode's list to switch.</param>
/// <param name="Cancelled">Cancelled registrations whose last mode was this one.</param>
/// <param name="CheckedIn">Checked in at the venue (whatever they became afterwards).</param>
public readonly record struct ModeTally(int Confirmed, int Waitlisted, int PendingSwitchesInto, int Cancelled, int CheckedIn)
{
    /// <summary>The length of this mode's waiting list.</summary>
    public int Waiting => Waitlisted + PendingSwitchesInto;
}
