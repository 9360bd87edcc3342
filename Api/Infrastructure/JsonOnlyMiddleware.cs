namespace EventScheduler.Api.Infrastructure;

/// <summary>The API speaks JSON only. Without this, FastEndpoints would also bind form posts, and a
/// client sending the wrong media type would get confusing validation errors instead of 415.</summary>
public sealed class JsonOnlyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (Pages.Infrastructure.AttendeePages.IsPagePath(request.Path))
        {
            // The attendee pages take HTML form posts (with anti-forgery); the API paths never overlap them.
            return next(context);
        }

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
            && !request.HasJsonContentType())
        {
            return Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "Send the body as application/json.");
        }

        return next(context);
    }
}
