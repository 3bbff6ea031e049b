using System.Text.Json;

namespace Homelab.Podman;

/// <summary>The state an OCI runtime (`runc state ID`, `crun state ID`) prints, per the OCI runtime spec.</summary>
internal static class OciState
{
    /// <summary>True for "running" (or "paused": the process exists), false for "stopped", null when it cannot be read.</summary>
    public static bool? IsRunning(string stateJson)
    {
        try
        {
            using var document = JsonDocument.Parse(stateJson);
            return document.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? status.GetString() switch
                {
                    "running" or "paused" or "created" => true,
                    "stopped" => false,
                    _ => null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
