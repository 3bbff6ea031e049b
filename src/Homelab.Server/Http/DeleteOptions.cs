using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Homelab.Server.Http;

/// <summary>
/// What a DELETE asks for, from its query and its optional DeleteOptions body, as kube-apiserver reads them: kubectl
/// sends <c>dryRun: ["All"]</c> and preconditions in the body (a server dry run, a prune), other clients in the query.
/// </summary>
internal sealed record DeleteOptions(long? ResourceVersion, bool DryRun)
{
    public static async Task<DeleteOptions> ReadAsync(HttpContext context)
    {
        var fromQuery = QueryParameters.ResourceVersion(QueryParameters.Single(context.Request, "resourceVersion"), "resourceVersion");
        var dryRun = QueryParameters.DryRun(context.Request);
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;
        if (!canHaveBody)
        {
            return new DeleteOptions(fromQuery, dryRun);
        }
        var options = await RequestBody.ReadObjectAsync(context, RequestBody.Json);
        var fromBody = Precondition(options);
        if (fromQuery is not null && fromBody is not null && fromQuery != fromBody)
        {
            throw ApiException.BadRequest($"resourceVersion {fromQuery} in the query contradicts preconditions.resourceVersion {fromBody} in the body");
        }
        return new DeleteOptions(fromQuery ?? fromBody, dryRun || DryRunOf(options));
    }

    private static long? Precondition(JsonObject options)
    {
        var preconditions = options["preconditions"] switch
        {
            null => null,
            JsonObject given => given,
            _ => throw ApiException.BadRequest("preconditions: must be an object"),
        };
        return preconditions?["resourceVersion"] switch
        {
            null => null,
            JsonValue text when text.GetValueKind() == JsonValueKind.String => QueryParameters.ResourceVersion(text.GetValue<string>(), "preconditions.resourceVersion"),
            _ => throw ApiException.BadRequest("preconditions.resourceVersion: must be a string"),
        };
    }

    /// <summary>DeleteOptions.dryRun: a list whose only allowed member is "All", as in the query.</summary>
    private static bool DryRunOf(JsonObject options)
    {
        switch (options["dryRun"])
        {
            case null:
                return false;
            case JsonArray values:
                var given = values.Select(v => v?.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null).ToList();
                if (given.Count == 0)
                {
                    return false;
                }
                if (given.All(v => v == QueryParameters.DryRunAll))
                {
                    return true;
                }
                throw ApiException.BadRequest($"dryRun: {values.ToJsonString()} is not supported; the only value is \"All\"");
            default:
                throw ApiException.BadRequest("dryRun: must be a list of strings");
        }
    }
}
