using EventScheduler.Api.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>Pages answer in HTML, in the reader's language, also when something fails: an expired form
/// (anti-forgery), storage that is briefly unavailable, or a bug (logged; nothing of it shown).</summary>
public sealed class PageErrorFilter : IExceptionFilter, IAlwaysRunResultFilter
{
    public const string MessageView = "/Pages/Shared/Message.cshtml";

    public void OnException(ExceptionContext context)
    {
        var http = context.HttpContext;
        var ui = http.RequestServices.GetRequiredService<Ui>();
        switch (context.Exception)
        {
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return;
            case StorageUnavailableException:
            case EventScheduler.Api.Infrastructure.ApiException { Status: StatusCodes.Status503ServiceUnavailable }:
                context.Result = Message(context, StatusCodes.Status503ServiceUnavailable, ui.T.ErrorBusy);
                http.Response.Headers.RetryAfter = "2";
                break;
            case NotFoundException:
                context.Result = Message(context, StatusCodes.Status404NotFound, ui.T.NotFoundTitle);
                break;
            default:
                http.RequestServices.GetRequiredService<ILogger<PageErrorFilter>>()
                    .LogError(context.Exception, "Unhandled exception on page {Path}", http.Request.Path);
                context.Result = Message(context, StatusCodes.Status500InternalServerError, ui.T.ErrorGeneric);
                break;
        }

        context.ExceptionHandled = true;
    }

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            var ui = context.HttpContext.RequestServices.GetRequiredService<Ui>();
            context.Result = Message(context, StatusCodes.Status400BadRequest, ui.T.ErrorFormExpired);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    private static ViewResult Message(FilterContext context, int status, string text) =>
        new()
        {
            ViewName = MessageView,
            StatusCode = status,
            ViewData = new ViewDataDictionary<MessageModel>(new Microsoft.AspNetCore.Mvc.ModelBinding.EmptyModelMetadataProvider(), context.ModelState)
            {
                Model = new MessageModel(text),
            },
        };
}

public sealed record MessageModel(string Text);
