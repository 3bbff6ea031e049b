using System.Globalization;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Server.Http;
using Homelab.Store;
using Microsoft.AspNetCore.Http;

namespace Homelab.Server.Endpoints;

/// <summary>POST …/batch: several writes in one store commit, so an apply lands whole or not at all.</summary>
internal sealed class BatchEndpoint(IResourceStore store)
{
    public async Task PostAsync(HttpContext context)
    {
        var dryRun = QueryParameters.DryRun(context.Request);
        var request = await RequestBody.ReadAsync<BatchRequest>(context);
        var mutations = request.Operations.Select((operation, i) => ToMutation(operation, $"operations[{i}]")).ToList();
        var results = mutations.Count == 0 ? [] : store.Commit(mutations, dryRun);
        ApiResponses.AddWarnings(context, results);
        var response = new BatchResponse
        {
            Results = [.. results.Select(r => new BatchResult { Outcome = OutcomeWord(r.Outcome), Object = r.Object.ToNode() })],
            ResourceVersion = store.Revision.ToString(CultureInfo.InvariantCulture),
        };
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, response);
    }

    /// <summary>The words kubectl prints after an apply.</summary>
    internal static string OutcomeWord(WriteOutcome outcome) => outcome switch
    {
        WriteOutcome.Created => "created",
        WriteOutcome.Updated => "configured",
        WriteOutcome.Unchanged => "unchanged",
        WriteOutcome.DeletionStarted => "deleting",
        WriteOutcome.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "no word for this outcome"),
    };

    private static Mutation ToMutation(BatchOperation operation, string field)
    {
        switch (operation.Op)
        {
            case BatchOps.Create:
            {
                var body = operation.Object ?? throw ApiException.BadRequest($"{field}.object: is required for create");
                return Mutation.Create(ObjectIdentity.Resolve(body, null, null, null, $"{field}.object"), body);
            }
            case BatchOps.Replace:
            {
                var body = operation.Object ?? throw ApiException.BadRequest($"{field}.object: is required for replace");
                var key = ObjectIdentity.Resolve(body, null, null, null, $"{field}.object");
                var expected = QueryParameters.ResourceVersion(operation.ResourceVersion, $"{field}.resourceVersion") ?? ObjectIdentity.ResourceVersion(body, $"{field}.object");
                return Mutation.Replace(key, body, expected);
            }
            case BatchOps.Delete:
                return Mutation.Delete(DeleteKey(operation, field), QueryParameters.ResourceVersion(operation.ResourceVersion, $"{field}.resourceVersion"));
            default:
                throw ApiException.BadRequest($"{field}.op: \"{operation.Op}\" must be one of {BatchOps.Create}, {BatchOps.Replace}, {BatchOps.Delete}");
        }
    }

    private static ObjectKey DeleteKey(BatchOperation operation, string field)
    {
        if (operation.Object is { } body)
        {
            return ObjectIdentity.Resolve(body, null, null, null, $"{field}.object");
        }
        if (string.IsNullOrEmpty(operation.Kind))
        {
            throw ApiException.BadRequest($"{field}.kind: is required for delete (or give the object)");
        }
        var kind = ResourceKinds.ByKind(operation.Kind)
            ?? throw ApiException.BadRequest($"{field}.kind: unknown kind \"{operation.Kind}\"; known kinds: {string.Join(", ", ResourceKinds.All.Select(k => k.Kind))}");
        if (string.IsNullOrEmpty(operation.Name))
        {
            throw ApiException.BadRequest($"{field}.name: is required for delete");
        }
        if (!kind.Namespaced && !string.IsNullOrEmpty(operation.Namespace))
        {
            throw ApiException.BadRequest($"{field}.namespace: {kind.Kind} is cluster-scoped and has no namespace");
        }
        var ns = kind.Namespaced ? (string.IsNullOrEmpty(operation.Namespace) ? ApiGroup.DefaultNamespace : operation.Namespace) : "";
        return new ObjectKey(kind.Kind, ns, operation.Name);
    }
}
