using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;

namespace Homelab.Store.Admission;

/// <summary>
/// The admission chain of the API server: read the object as its kind (strict: unknown fields are refused), enforce
/// the kind's scope, apply defaults, validate, check the security levels (<see cref="SecurityAdmission"/>), and write it
/// back in canonical form. Synchronous; it sees other objects only through the batch's <see cref="IAdmissionContext"/>.
/// </summary>
public sealed class ResourceAdmission(SecurityOptions? security = null) : IAdmission
{
    private readonly SecurityAdmission _security = new(security ?? new SecurityOptions());

    public JsonObject Admit(JsonObject candidate, JsonObject? existing, IAdmissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(candidate);
        var key = KeyOf(candidate);
        Resource resource;
        try
        {
            resource = HomelabJson.ToResource(candidate);
        }
        catch (ManifestException e)
        {
            throw StoreException.Invalid(key, [Cause(e.Field, e.Reason)]);
        }

        var kind = ResourceKinds.ByKind(resource.Kind)!;
        if (!kind.Namespaced && !string.IsNullOrEmpty(resource.Metadata.Namespace))
        {
            throw StoreException.Invalid(key, [Cause("metadata.namespace", $"must be empty: {kind.Kind} is cluster-scoped")]);
        }
        resource.Metadata.Namespace = kind.Namespaced
            ? string.IsNullOrEmpty(resource.Metadata.Namespace) ? ApiGroup.DefaultNamespace : resource.Metadata.Namespace
            : null;

        ResourceDefaults.Apply(resource);
        var causes = ResourceValidation.Validate(resource);
        if (causes.Count == 0 && existing is not null)
        {
            causes = ResourceValidation.ValidateUpdate(resource, HomelabJson.ToResource(existing));
        }
        if (causes.Count > 0)
        {
            throw StoreException.Invalid(key with { Namespace = resource.Namespace }, causes);
        }
        ResourceDefaults.Complete(resource);
        _security.Check(resource, existing, context);
        return HomelabJson.ToNode(resource);
    }

    public JsonObject AdmitStatus(string kind, JsonObject status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var info = ResourceKinds.ByKind(kind)
            ?? throw new StoreException(422, StatusReasons.Invalid, $"unknown kind \"{kind}\"", [Cause("kind", $"unknown kind \"{kind}\"")]);
        var statusType = info.ClrType.GetProperty(nameof(Resource<object, Homelab.Api.Meta.ResourceStatus>.Status))?.PropertyType
            ?? throw new StoreException(404, StatusReasons.NotFound, $"{info.Plural} have no status subresource");
        try
        {
            var typeInfo = HomelabJson.Options.GetTypeInfo(statusType);
            var typed = status.Deserialize(typeInfo);
            return typed is null ? [] : (JsonObject)JsonSerializer.SerializeToNode(typed, typeInfo)!;
        }
        catch (JsonException e)
        {
            var field = "status" + (e.Path ?? "").TrimStart('$');
            var reason = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "unknown field" : "has the wrong type";
            throw new StoreException(422, StatusReasons.Invalid, $"{kind} status is invalid: {field}: {reason}", [Cause(field, reason)]);
        }
    }

    private static StatusCause Cause(string field, string message) => new() { Field = field, Message = message };

    /// <summary>Best effort, for the error message only: the candidate may be malformed.</summary>
    private static ObjectKey KeyOf(JsonObject candidate)
    {
        var metadata = candidate["metadata"] as JsonObject;
        return new ObjectKey(StringField(candidate, "kind"), StringField(metadata, "namespace"), StringField(metadata, "name"));
    }

    private static string StringField(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";
}
