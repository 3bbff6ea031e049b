using Homelab.Api.Serialization;

namespace Homelab.Server.Http;

/// <summary>A request the API refuses before it reaches the store; answered as a Status with <see cref="Code"/>.</summary>
internal sealed class ApiException(int code, string reason, string message, IReadOnlyList<StatusCause>? causes = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public IReadOnlyList<StatusCause>? Causes { get; } = causes;

    public static ApiException BadRequest(string message) => new(400, StatusReasons.BadRequest, message);

    public static ApiException NotFound(string message) => new(404, StatusReasons.NotFound, message);

    public static ApiException UnsupportedMediaType(string message) => new(415, StatusReasons.UnsupportedMediaType, message);

    public static ApiException Invalid(string kind, string name, string field, string message) =>
        new(422, StatusReasons.Invalid, $"{kind} \"{name}\" is invalid: {field}: {message}", [new StatusCause { Field = field, Message = message }]);
}
