namespace Homelab.Server.Hosting;

/// <summary>Another homelabd runs the same instance; <see cref="Exception.Message"/> names it and says what to do.</summary>
internal sealed class InstanceLockedException(string instance, string owner, string path, Exception inner)
    : IOException(
        $"another homelabd is already running instance \"{instance}\" ({owner}; {path} is locked): two daemons of one instance " +
        "remove each other's containers, networks and nft table; stop that one, or give this one its own --instance",
        inner);
