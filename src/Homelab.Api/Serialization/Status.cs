namespace Homelab.Api.Serialization;

/// <summary>The Kubernetes Status object: every API error is one of these.</summary>
public sealed class Status
{
    public string ApiVersion { get; set; } = "v1";
    public string Kind { get; set; } = "Status";
    /// <summary>"Success" or "Failure".</summary>
    [System.Text.Json.Serialization.JsonPropertyName("status")]
    public string Outcome { get; set; } = "Failure";
    public string Message { get; set; } = "";
    /// <summary>CamelCase machine reason: NotFound, AlreadyExists, Conflict, Invalid, Gone, BadRequest, MethodNotAllowed, InternalError.</summary>
    public string Reason { get; set; } = "";
    public int Code { get; set; }
    public StatusDetails? Details { get; set; }
}

public sealed class StatusDetails
{
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public List<StatusCause>? Causes { get; set; }
}

/// <summary>One reason an object was refused, naming the field path (spec.ports[1].containerPort).</summary>
public sealed class StatusCause
{
    public string Field { get; set; } = "";
    public string Message { get; set; } = "";
    public string Reason { get; set; } = "FieldValueInvalid";
}

public static class StatusReasons
{
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "NotFound";
    public const string AlreadyExists = "AlreadyExists";
    public const string Conflict = "Conflict";
    public const string Invalid = "Invalid";
    public const string Gone = "Gone";
    public const string BadRequest = "BadRequest";
    public const string MethodNotAllowed = "MethodNotAllowed";
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    public const string InternalError = "InternalError";
    public const string InsufficientStorage = "InsufficientStorage";
    public const string ServiceUnavailable = "ServiceUnavailable";
}
