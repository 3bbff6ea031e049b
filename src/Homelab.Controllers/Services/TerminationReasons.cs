using Homelab.Podman;

namespace Homelab.Controllers.Services;

/// <summary>Why a Service's container last ended, as status.lastTerminationReason says (kubelet's words where it has them).</summary>
public static class TerminationReasons
{
    /// <summary>homelabd stopped it after its health check failed failureThreshold times in a row.</summary>
    public const string Liveness = "Liveness";
    public const string Error = "Error";
    public const string OomKilled = "OOMKilled";
    public const string Completed = "Completed";
    /// <summary>Its conmon or process died without podman noticing; homelabd removed and recreated it.</summary>
    public const string RuntimeLost = "RuntimeLost";

    /// <summary>The reason of an exit the container made on its own.</summary>
    public static string OfExit(ContainerInfo container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.OomKilled ? OomKilled : container.ExitCode == 0 ? Completed : Error;
    }
}
