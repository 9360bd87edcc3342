using System.Globalization;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Common;
using System.Data.Common;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Turns every exception into a problem+json response with a stable code. Nothing of the
/// exception (message of an unexpected one, stack) leaves the server; it goes to the log. A response that
/// fails after its first bytes left (a streamed export, a long list) cannot become a problem any more: the
/// connection is aborted instead, so the client sees a broken transfer and never a short body that looks complete.</summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            await WriteBareStatusAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception ex) when (context.Response.HasStarted)
        {
            AbortStartedResponse(context, ex);
        }
        catch (ApiException ex)
        {
            await Problems.WriteAsync(context, ex.Status, ex.Code, ex.Message, extensions: ex.Extensions, headers: ex.Headers);
        }
        catch (NotFoundException ex)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, ex.Message);
        }
        catch (VersionMismatchException ex)
        {
            await Problems.WriteAsync(context, StatusCodes.Status412PreconditionFailed, ErrorCodes.PreconditionFailed, ex.Message);
        }
        catch (StorageUnavailableException ex)
        {
            await WriteUnavailableAsync(context, ex);
        }
        catch (DbException ex) when (StorageFaults.Translate(ex) is { } fault)
        {
            // A store that let a raw fault through (a batched writer's command, a streamed read): the same answer.
            await WriteUnavailableAsync(context, fault);
        }
        catch (RuleViolation ex)
        {
            var status = ex.Kind == ViolationKind.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
            var errors = ex.Field is null ? null : new Dictionary<string, string[]> { [ex.Field] = [ex.Message] };
            await Problems.WriteAsync(context, status, ex.Code, ex.Message, errors, ex.Extensions);
        }
        catch (DbException ex) when (StorageFaults.Constraint(ex) == ConstraintViolation.ForeignKey)
        {
            // Foreign keys are the backstop for every reference, including ones added by later migrations.
            var status = HttpMethods.IsDelete(context.Request.Method) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            var detail = HttpMethods.IsDelete(context.Request.Method)
                ? "The resource is still referenced by others; remove those references first."
                : "The request refers to something that does not exist.";
            await Problems.WriteAsync(context, status, HttpMethods.IsDelete(context.Request.Method) ? ErrorCodes.InUse : "unknown_reference", detail);
        }
        catch (DbException ex) when (StorageFaults.Constraint(ex) == ConstraintViolation.Unique)
        {
            await Problems.WriteAsync(context, StatusCodes.Status409Conflict, ErrorCodes.Duplicate, "A resource with the same unique values already exists.");
        }
        catch (BadHttpRequestException ex)
        {
            var code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.PayloadTooLarge : ErrorCodes.BadRequest;
            await Problems.WriteAsync(context, ex.StatusCode, code, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body is larger than {BodySizeLimitMiddleware.MaxBodyBytes / 1024} KiB."
                : "The request could not be read.");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
            await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, ErrorCodes.Internal,
                "Something went wrong on our side. The trace id identifies it in the server log.");
        }
    }

    /// <summary>The status line and part of the body are out: ending the response normally would hand the client
    /// a truncated body that looks whole (a CSV export of 31 of 301 rows with a clean chunked end). Aborting resets
    /// the connection (HTTP/1.1: no terminating chunk, or fewer bytes than Content-Length; HTTP/2: RST_STREAM).</summary>
    private void AbortStartedResponse(HttpContext context, Exception ex)
    {
        logger.LogError(ex, "Response of {Method} {Path} failed after it had started (status {Status}, trace id {TraceId}); the connection is aborted so the client sees an incomplete transfer",
            context.Request.Method, context.Request.Path, context.Response.StatusCode, context.TraceIdentifier);
        context.Abort();
    }

    private Task WriteUnavailableAsync(HttpContext context, StorageUnavailableException ex)
    {
        logger.LogWarning(ex.InnerException, "Storage unavailable for {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, ex.Message);
        var seconds = Math.Max(1, (int)Math.Ceiling(ex.RetryAfter.TotalSeconds));
        return Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, ex.Message,
            headers: new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>Routing and the framework answer some errors with an empty body (404 for an unknown
    /// path, 405, 415); give those a problem body too.</summary>
    private static Task WriteBareStatusAsync(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted || response.StatusCode < 400 || response.ContentLength > 0 || response.ContentType is not null)
        {
            return Task.CompletedTask;
        }

        return response.StatusCode switch
        {
            404 => Problems.WriteAsync(context, 404, ErrorCodes.NotFound, "No resource at this path."),
            405 => Problems.WriteAsync(context, 405, ErrorCodes.MethodNotAllowed, "This path does not accept that method; Allow lists those it does.",
                headers: new Dictionary<string, string> { ["Allow"] = string.Join(", ", AllowedMethods.For(context)) }),
            415 => Problems.WriteAsync(context, 415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json."),
            _ => Problems.WriteAsync(context, response.StatusCode, response.StatusCode >= 500 ? ErrorCodes.Internal : ErrorCodes.BadRequest, null),
        };
    }
}
