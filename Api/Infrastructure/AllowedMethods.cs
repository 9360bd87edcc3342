using Microsoft.AspNetCore.Routing.Template;

namespace EventScheduler.Api.Infrastructure;

/// <summary>The methods a path accepts, for the <c>Allow</c> header of a 405 (RFC 9110 15.5.6): the
/// HTTP methods of every endpoint whose route matches the path.</summary>
public static class AllowedMethods
{
    public static IReadOnlyList<string> For(HttpContext context)
    {
        var sources = context.RequestServices.GetServices<EndpointDataSource>();
        var path = context.Request.Path;
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var matcher = new TemplateMatcher(TemplateParser.Parse(endpoint.RoutePattern.RawText ?? ""), new RouteValueDictionary());
            if (matcher.TryMatch(path, new RouteValueDictionary()))
            {
                foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                {
                    methods.Add(method);
                }
            }
        }

        if (methods.Contains("GET"))
        {
            methods.Add("HEAD");
        }

        return methods.ToList();
    }
}
