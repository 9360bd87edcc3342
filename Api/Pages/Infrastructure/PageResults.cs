using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace EventScheduler.Api.Pages.Infrastructure;

public static class PageResults
{
    /// <summary>A 404 page in the reader's language (never the API's problem+json).</summary>
    public static IActionResult NotFound(PageModel page, string? text = null) => Message(page, StatusCodes.Status404NotFound,
        text ?? page.HttpContext.RequestServices.GetRequiredService<Ui>().T.MeetingNotFound);

    public static IActionResult Message(PageModel page, int status, string text) => new ViewResult
    {
        ViewName = PageErrorFilter.MessageView,
        StatusCode = status,
        ViewData = new ViewDataDictionary<MessageModel>(page.MetadataProvider, page.ModelState) { Model = new MessageModel(text) },
    };

    /// <summary>Pages that show a person's data are never stored by browsers or proxies.</summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }
}
