using System.Reflection;
using FastEndpoints;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Where FastEndpoints reads a request DTO property from.</summary>
public enum BindingSource
{
    Body,
    Route,
    Query,
    Header,
    None,
}

/// <summary>FastEndpoints' binding rules as this API uses them; shared by the operation and schema filters.</summary>
public static class Binding
{
    public static BindingSource Of(PropertyInfo property, bool bodyless, IReadOnlyCollection<string>? routeNames = null)
    {
        // [RouteParam] and [QueryParam] derive from [DontBind], so they are looked at first.
        if (property.GetCustomAttribute<RouteParamAttribute>() is not null
            || (routeNames?.Contains(property.Name, StringComparer.OrdinalIgnoreCase) ?? false))
        {
            return BindingSource.Route;
        }

        if (property.GetCustomAttribute<FromHeaderAttribute>() is not null)
        {
            return BindingSource.Header;
        }

        if (property.GetCustomAttribute<QueryParamAttribute>() is not null)
        {
            return BindingSource.Query;
        }

        // Only an unconditional [JsonIgnore] keeps a property out of the JSON; WhenWritingNull (optional
        // response fields such as email) is still part of the schema.
        if (property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.Always }
            || property.GetCustomAttribute<FromClaimAttribute>() is not null
            || property.GetCustomAttribute<DontBindAttribute>() is not null)
        {
            return BindingSource.None;
        }

        return bodyless ? BindingSource.Query : BindingSource.Body;
    }
}
