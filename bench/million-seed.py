"""Seeds N registrations into one meeting of a stopped EventScheduler database, as the registration writer would
leave them (arrival order, time-ordered v7 ids, every 50th cancelled, every 20,000th waiting for the hall, which is full, a third in person with check-in codes, every
7th of those checked in), then recounts the meeting's counters the way RegistrationCounters.RecountAsync does.
Usage: python3 bench/million-seed.py DB MEETING_ID N   (the check-in codes are bench/lua/million.lua's code(i))."""
import os, sqlite3, sys, time, uuid

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def code(i):  # 'S' + nine base-32 digits of i: ten characters of the product's alphabet, unique per i
    digits = []
    for _ in range(9):
        digits.append(ALPHABET[i % 32])
        i //= 32
    return "S" + "".join(reversed(digits))


def uuid7(ms):  # the product's ids (Guid.CreateVersion7): 48 bits of Unix milliseconds, version 7, variant, random
    value = (ms & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big") & ((1 << 80) - 1)
    value = value & ~(0xF << 76) | 0x7 << 76  # version
    value = value & ~(0x3 << 62) | 0x2 << 62  # variant (RFC 9562)
    return str(uuid.UUID(int=value))


def kind(i):
    status = "waitlisted" if i % 20000 == 0 else ("cancelled" if i % 50 == 0 else "confirmed")
    # The waiting wait for the hall (which main() fills): online seats are unlimited, so nobody would wait for them.
    mode = "in_person" if i % 3 == 0 or status == "waitlisted" else "online"
    return status, mode


def main(db, meeting, n):
    c = sqlite3.connect(db)
    c.execute("PRAGMA journal_mode=WAL")
    start = c.execute("SELECT COALESCE(MAX(seq), 0) FROM registrations WHERE meeting_id = ?", (meeting,)).fetchone()[0]
    now = int(time.time() * 1000)

    def rows():
        for i in range(start + 1, start + n + 1):
            status, mode = kind(i)
            queue = mode if status == "waitlisted" else None
            ticket = code(i) if mode == "in_person" and status == "confirmed" else None
            checked = now if ticket and i % 7 == 0 else None
            # One millisecond apart, in arrival order, as sign-ups one after another would be.
            yield (uuid7(now - n + i - start), meeting, i, f"Dr Seed {i}", f"seed{i}@example.org", f"seed{i}@example.org", None, None,
                   "Seed Hospital", "Surgeon", "General surgery", mode, status, queue, i if queue else None, ticket, checked,
                   "0" * 64, None, now, now, 1, "attendee" if status == "cancelled" else None, "zh")

    c.executemany("""INSERT INTO registrations (id, meeting_id, seq, full_name, email, email_normalised, phone, hospital_id,
        hospital_name, job_title, specialty, mode, status, queue_mode, queue_seq, check_in_code, checked_in_at,
        manage_token_hash, created_by_key_id, created_at, updated_at, version, cancellation_reason, language)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows())
    c.execute("""INSERT INTO registration_counters (meeting_id, confirmed_in_person, confirmed_online, waitlisted_in_person,
            waitlisted_online, switching_to_in_person, switching_to_online, cancelled_in_person, cancelled_online,
            checked_in_in_person, checked_in_online, last_seq)
        SELECT ?1,
               COALESCE(SUM(status = 'confirmed' AND mode = 'in_person'), 0), COALESCE(SUM(status = 'confirmed' AND mode = 'online'), 0),
               COALESCE(SUM(status = 'waitlisted' AND mode = 'in_person'), 0), COALESCE(SUM(status = 'waitlisted' AND mode = 'online'), 0),
               COALESCE(SUM(status = 'confirmed' AND queue_mode = 'in_person'), 0), COALESCE(SUM(status = 'confirmed' AND queue_mode = 'online'), 0),
               COALESCE(SUM(status = 'cancelled' AND mode = 'in_person'), 0), COALESCE(SUM(status = 'cancelled' AND mode = 'online'), 0),
               COALESCE(SUM(checked_in_at IS NOT NULL AND mode = 'in_person'), 0), COALESCE(SUM(checked_in_at IS NOT NULL AND mode = 'online'), 0),
               MAX(COALESCE(MAX(seq), 0), COALESCE(MAX(queue_seq), 0))
        FROM registrations WHERE meeting_id = ?1
        ON CONFLICT (meeting_id) DO UPDATE SET confirmed_in_person = excluded.confirmed_in_person,
            confirmed_online = excluded.confirmed_online, waitlisted_in_person = excluded.waitlisted_in_person,
            waitlisted_online = excluded.waitlisted_online, switching_to_in_person = excluded.switching_to_in_person,
            switching_to_online = excluded.switching_to_online, cancelled_in_person = excluded.cancelled_in_person,
            cancelled_online = excluded.cancelled_online, checked_in_in_person = excluded.checked_in_in_person,
            checked_in_online = excluded.checked_in_online, last_seq = excluded.last_seq""", (meeting,))
    # A state the product can be in: people wait for the hall only while it is full, so its capacity is the seats taken.
    c.execute("""UPDATE meetings SET in_person_capacity = (SELECT confirmed_in_person FROM registration_counters WHERE meeting_id = ?1)
        WHERE id = ?1""", (meeting,))
    c.commit()
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
