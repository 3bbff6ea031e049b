using Homelab.Api.Serialization;

namespace Homelab.Cli.Client;

/// <summary>The daemon answered with a Kubernetes Status failure.</summary>
internal sealed class ApiException(Status status) : Exception(status.Message)
{
    public Status Status { get; } = status;

    public int Code => Status.Code;

    public string Reason => Status.Reason;

    public bool IsNotFound => Status.Reason == StatusReasons.NotFound || Status.Code == 404;

    public bool IsConflict => Status.Reason == StatusReasons.Conflict || Status.Code == 409;

    /// <summary>kubectl's wording: "Error from server (NotFound): services "web" not found", plus one line per cause.</summary>
    public string Describe()
    {
        var text = $"Error from server ({(string.IsNullOrEmpty(Status.Reason) ? Status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : Status.Reason)}): {Status.Message}";
        if (Status.Details?.Causes is { Count: > 0 } causes && !causes.All(c => Status.Message.Contains(c.Message, StringComparison.Ordinal)))
        {
            text += Environment.NewLine + string.Join(Environment.NewLine, causes.Select(c => $"  {c.Field}: {c.Message}"));
        }
        return text;
    }
}
