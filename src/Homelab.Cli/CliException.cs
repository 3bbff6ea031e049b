namespace Homelab.Cli;

/// <summary>A user error hlctl itself detects (bad arguments, invalid manifest): printed as "error: …", exit code 1.</summary>
internal sealed class CliException(string message) : Exception(message);
