namespace Homelab.Cli.Import.Compose;

/// <summary>A Compose project that cannot be read as Compose reads it: nothing is imported, and the message names where.</summary>
internal sealed class ComposeException(string message) : Exception(message);
