using System.Text.Json;
using Homelab.Api.Serialization;
using Homelab.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Homelab.Server.Http;

/// <summary>
/// Turns every failure into a Kubernetes Status: refusals keep their code, anything unexpected is a logged 500.
/// The daemon must answer every request and never die from one.
/// </summary>
internal sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            var status = ToStatus(e);
            if (status.Code >= 500)
            {
                LogFailed(logger, e, context.Request.Method, context.Request.Path);
            }
            else
            {
                LogRefused(logger, context.Request.Method, context.Request.Path, status.Code, status.Reason, status.Message);
            }
            if (context.Response.HasStarted)
            {
                // Headers are gone (a list or watch mid-stream): the only honest signal left is to cut the connection.
                context.Abort();
                return;
            }
            context.Response.Clear();
            await ApiResponses.WriteStatusAsync(context, status);
        }
    }

    internal static Status ToStatus(Exception e) => e switch
    {
        StoreException s => ApiResponses.Failure(s.Code, s.Reason, s.Message, s.Causes, s.Object),
        ApiException a => ApiResponses.Failure(a.Code, a.Reason, a.Message, a.Causes),
        ManifestException m => ApiResponses.Failure(400, StatusReasons.BadRequest, m.Message, [new StatusCause { Field = m.Field, Message = m.Reason }]),
        JsonException j => ApiResponses.Failure(400, StatusReasons.BadRequest, $"request body is not valid JSON: {j.Message}"),
        BadHttpRequestException b => ApiResponses.Failure(b.StatusCode, ReasonFor(b.StatusCode), b.Message),
        _ => ApiResponses.Failure(500, StatusReasons.InternalError, "internal error; see the homelabd log"),
    };

    internal static string ReasonFor(int code) => code switch
    {
        400 => StatusReasons.BadRequest,
        404 => StatusReasons.NotFound,
        405 => StatusReasons.MethodNotAllowed,
        409 => StatusReasons.Conflict,
        410 => StatusReasons.Gone,
        413 => "RequestEntityTooLarge",
        415 => StatusReasons.UnsupportedMediaType,
        422 => StatusReasons.Invalid,
        >= 500 => StatusReasons.InternalError,
        _ => StatusReasons.BadRequest,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request {Method} {Path} refused with {Code} {Reason}: {Message}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, int code, string reason, string message);
}
