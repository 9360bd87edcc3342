using System.Text.Json;
using System.Text.Json.Nodes;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;

namespace EventScheduler.Api.Features.Registrations.Create;

/// <summary>A replayed sign-up never shows more than a fresh read would: the stored body is the answer, with the
/// registration's state fields (<see cref="Refreshed"/>) taken from its current state, so a cancelled attendee or a
/// cancelled meeting no longer gets a confirmed status, a check-in code or the stream link, and a changed stream URL
/// replays as it now is. What the caller sent (name, e-mail, ...) and the manage token stay as recorded. When none of
/// those fields changed, the stored bytes go out untouched.</summary>
public static class ReplayRefresh
{
    /// <summary>The fields that follow the registration and its meeting (JSON names).</summary>
    public static readonly IReadOnlyList<string> Refreshed =
        ["status", "cancellationReason", "mode", "requestedMode", "waitlistPosition", "checkInCode", "checkedInAt", "updatedAt", "version", "stream"];

    public static async Task<StoredResponse> RefreshAsync(StoredResponse stored, RegistrationService registrations, RegistrationView view, CancellationToken ct)
    {
        if (stored.Status != StatusCodes.Status201Created || JsonNode.Parse(stored.Body) is not JsonObject body
            || !Guid.TryParse(body["id"]?.GetValue<string>(), out var id))
        {
            return stored;
        }

        var now = await registrations.CurrentAsync(id, ct);
        var fresh = JsonSerializer.SerializeToNode(RegistrationResponse.From(now.Registration, now.Meeting, now.WaitlistPosition, view), JsonConfig.Options)!
            .AsObject();
        var changed = false;
        foreach (var name in Refreshed)
        {
            var inFresh = fresh.TryGetPropertyValue(name, out var current);
            var inStored = body.TryGetPropertyValue(name, out var recorded);
            if (inFresh == inStored && JsonNode.DeepEquals(current, recorded))
            {
                continue;
            }

            changed = true;
            if (inFresh)
            {
                body[name] = current?.DeepClone();
            }
            else
            {
                // Omitted when null (the stream): gone from the replay too.
                body.Remove(name);
            }
        }

        return changed ? stored with { Body = JsonSerializer.SerializeToUtf8Bytes(body, JsonConfig.Options) } : stored;
    }
}
