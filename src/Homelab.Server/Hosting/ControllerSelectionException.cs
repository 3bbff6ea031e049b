namespace Homelab.Server.Hosting;

/// <summary>The --controllers value names a controller the catalog does not have.</summary>
public sealed class ControllerSelectionException(string message) : Exception(message);
