using System.Diagnostics;

namespace EventScheduler.Api.Observability;

/// <summary>The W3C trace id (32 lowercase hex digits) that problem bodies, log lines and spans share.</summary>
public static class TraceIds
{
    private const string Key = "EventScheduler.TraceId";

    /// <summary>The id of the request's Activity (ASP.NET Core starts one per request; its id is what the logs carry).
    /// Without one (logging switched off entirely), a fresh id kept for the request, so every problem body still has one.</summary>
    public static string Of(HttpContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            return activity.TraceId.ToHexString();
        }

        if (context.Items.TryGetValue(Key, out var kept) && kept is string id)
        {
            return id;
        }

        id = ActivityTraceId.CreateRandom().ToHexString();
        context.Items[Key] = id;
        return id;
    }
}
