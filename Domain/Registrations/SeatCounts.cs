namespace EventScheduler.Domain.Registrations;

/// <summary>The counts of one meeting's registrations per mode, kept in step with every change (the storage keeps
/// them in a counters row, so no decision and no summary has to count the meeting's registrations).</summary>
public sealed class SeatCounts
{
    private readonly ModeTally[] _modes = new ModeTally[2];

    public SeatCounts(ModeTally inPerson, ModeTally online)
    {
        _modes[(int)AttendanceMode.InPerson] = inPerson;
        _modes[(int)AttendanceMode.Online] = online;
    }

    public static SeatCounts None => new(default, default);

    public ModeTally this[AttendanceMode mode] => _modes[(int)mode];

    public int Confirmed(AttendanceMode mode) => this[mode].Confirmed;

    /// <summary>How many wait in the list of <paramref name="mode"/> (waitlisted, or confirmed and switching).</summary>
    public int Waiting(AttendanceMode mode) => this[mode].Waiting;

    /// <summary>Confirmed attendees waiting for a seat of the other mode.</summary>
    public int PendingSwitches => _modes[0].PendingSwitchesInto + _modes[1].PendingSwitchesInto;

    /// <summary>Counts <paramref name="state"/> in (<paramref name="sign"/> 1) or out (-1).</summary>
    public void Count(RegistrationState state, int sign)
    {
        var mode = (int)state.Mode;
        var t = _modes[mode];
        t = state.Status switch
        {
            RegistrationStatus.Confirmed => t with { Confirmed = t.Confirmed + sign },
            RegistrationStatus.Waitlisted => t with { Waitlisted = t.Waitlisted + sign },
            _ => t with { Cancelled = t.Cancelled + sign },
        };
        if (state.CheckedIn)
        {
            t = t with { CheckedIn = t.CheckedIn + sign };
        }

        _modes[mode] = t;
        if (state.Status == RegistrationStatus.Confirmed && state.QueueMode is { } queue)
        {
            _modes[(int)queue] = _modes[(int)queue] with { PendingSwitchesInto = _modes[(int)queue].PendingSwitchesInto + sign };
        }
    }

    /// <summary>A registration went from <paramref name="before"/> (null: it is new) to <paramref name="after"/>.</summary>
    public void Move(RegistrationState? before, RegistrationState after)
    {
        if (before is { } b)
        {
            Count(b, -1);
        }

        Count(after, 1);
    }

    public SeatCounts Copy() => new(_modes[0], _modes[1]);
}
