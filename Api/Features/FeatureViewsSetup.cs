using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Features.Programme;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Features;

public static class FeatureViewsSetup
{
    /// <summary>The features' views that storage records with each change (storage knows only the interfaces).</summary>
    public static IServiceCollection AddChangeViews(this IServiceCollection services)
    {
        services.AddSingleton<IMeetingViews, MeetingViews>();
        services.AddSingleton<ISlotViews, SlotViews>();
        return services;
    }
}
