using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;

namespace Homelab.Api.Validation;

/// <summary>The single source of truth for what is valid: the daemon runs it on every write, hlctl may run it early.</summary>
public static class ResourceValidation
{
    // Validators are immutable once built and safe to share across threads; building them is the expensive part.
    private static readonly NamespaceValidator Namespaces = new();
    private static readonly ServiceValidator Services = new();
    private static readonly NetworkPolicyValidator NetworkPolicies = new();
    private static readonly UpdatePolicyValidator UpdatePolicies = new();
    private static readonly SecretValidator Secrets = new();
    private static readonly ImagePolicyValidator ImagePolicies = new();
    private static readonly IssuerValidator Issuers = new();
    private static readonly RouteValidator Routes = new();

    /// <summary>Every problem with the object, each naming its JSON field path (spec.ports[1].containerPort).</summary>
    public static IReadOnlyList<StatusCause> Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var causes = new List<StatusCause>();
        if (resource.ApiVersion != ApiGroup.ApiVersion)
        {
            causes.Add(new StatusCause { Field = "apiVersion", Message = $"must be {ApiGroup.ApiVersion}, not \"{resource.ApiVersion}\"", Reason = CauseReasons.NotSupported });
        }
        var kindInfo = ResourceKinds.All.FirstOrDefault(k => k.ClrType == resource.GetType());
        var expectedKind = kindInfo?.Kind;
        if (resource.Kind != expectedKind)
        {
            causes.Add(new StatusCause { Field = "kind", Message = $"must be {expectedKind}, not \"{resource.Kind}\"", Reason = CauseReasons.Invalid });
        }
        var structural = new List<StatusCause>();
        NullFields.Find(resource.Metadata, typeof(Meta.ObjectMeta), "metadata", structural);
        if (resource.Metadata is null)
        {
            structural.Add(new StatusCause { Field = "metadata", Message = "is required", Reason = CauseReasons.Required });
        }
        var spec = kindInfo?.ClrType.GetProperty("Spec");
        if (spec?.GetValue(resource) is { } specValue)
        {
            NullFields.Find(specValue, spec.PropertyType, "spec", structural);
        }
        else if (spec is not null)
        {
            structural.Add(new StatusCause { Field = "spec", Message = "is required", Reason = CauseReasons.Required });
        }
        if (structural.Count > 0)
        {
            // The validators rely on the types' nullable annotations; with those broken, their findings would be noise.
            causes.AddRange(structural);
            return causes;
        }
        var result = resource switch
        {
            Namespace ns => Namespaces.Validate(ns),
            Service service => Services.Validate(service),
            NetworkPolicy policy => NetworkPolicies.Validate(policy),
            UpdatePolicy policy => UpdatePolicies.Validate(policy),
            Secret secret => Secrets.Validate(secret),
            ImagePolicy policy => ImagePolicies.Validate(policy),
            Issuer issuer => Issuers.Validate(issuer),
            Route route => Routes.Validate(route),
            _ => throw new ArgumentException($"no validator for {resource.GetType().Name}", nameof(resource)),
        };
        causes.AddRange(result.Errors.Select(ToCause));
        return causes;
    }

    /// <summary>What an update may not change, given the stored object: an immutable Secret's data, type and immutability.</summary>
    public static IReadOnlyList<StatusCause> ValidateUpdate(Resource candidate, Resource existing)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(existing);
        if (candidate is not Secret secret || existing is not Secret { Immutable: true } stored)
        {
            return [];
        }
        var causes = new List<StatusCause>();
        var wanted = new Secret { Data = secret.Data is null ? null : new(secret.Data, StringComparer.Ordinal), StringData = secret.StringData };
        SecretData.MergeStringData(wanted);
        var sameData = (wanted.Data ?? []).Count == (stored.Data ?? []).Count
            && (wanted.Data ?? []).All(d => stored.Data!.TryGetValue(d.Key, out var value) && value == d.Value);
        foreach (var (field, same) in new[] { ("data", sameData), ("type", secret.Type == stored.Type), ("immutable", secret.Immutable == true) })
        {
            if (!same)
            {
                causes.Add(new StatusCause { Field = field, Message = "field is immutable when `immutable` is set: delete the Secret and create it again", Reason = CauseReasons.Forbidden });
            }
        }
        return causes;
    }

    private static StatusCause ToCause(ValidationFailure failure) => new()
    {
        Field = FieldPath.ToJson(failure.PropertyName),
        Message = failure.ErrorMessage,
        Reason = failure.ErrorCode?.StartsWith("FieldValue", StringComparison.Ordinal) == true ? failure.ErrorCode : CauseReasons.Invalid,
    };
}
