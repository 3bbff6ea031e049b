namespace Homelab.Api.Validation;

/// <summary>The machine reasons of <see cref="Serialization.StatusCause"/>, as Kubernetes names them.</summary>
public static class CauseReasons
{
    public const string Invalid = "FieldValueInvalid";
    public const string Required = "FieldValueRequired";
    public const string Duplicate = "FieldValueDuplicate";
    public const string NotSupported = "FieldValueNotSupported";
    public const string Forbidden = "FieldValueForbidden";
    public const string TooLong = "FieldValueTooLong";
}
