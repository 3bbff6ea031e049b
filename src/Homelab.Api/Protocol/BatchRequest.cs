using System.Text.Json.Nodes;

namespace Homelab.Api.Protocol;

/// <summary>
/// POST /apis/homelab.dev/v1alpha1/batch[?dryRun=All]: several writes in one store transaction — all land or none.
/// hlctl apply sends one of these, so a rejected apply changes nothing.
/// </summary>
public sealed class BatchRequest
{
    public List<BatchOperation> Operations { get; set; } = [];
}

/// <summary>One write of a batch.</summary>
public sealed class BatchOperation
{
    /// <summary>create, replace (metadata+spec, needs resourceVersion unless empty) or delete.</summary>
    public string Op { get; set; } = "";
    /// <summary>The full object for create and replace.</summary>
    public JsonObject? Object { get; set; }
    /// <summary>For delete: which object.</summary>
    public string? Kind { get; set; }
    public string? Namespace { get; set; }
    public string? Name { get; set; }
    /// <summary>Optimistic concurrency precondition; for replace taken from object.metadata.resourceVersion when absent.</summary>
    public string? ResourceVersion { get; set; }
}

public static class BatchOps
{
    public const string Create = "create";
    public const string Replace = "replace";
    public const string Delete = "delete";
}

public sealed class BatchResponse
{
    public List<BatchResult> Results { get; set; } = [];
    /// <summary>The store revision after the batch.</summary>
    public string ResourceVersion { get; set; } = "";
}

public sealed class BatchResult
{
    /// <summary>created, configured, unchanged, deleting, deleted.</summary>
    public string Outcome { get; set; } = "";
    public JsonObject? Object { get; set; }
}
