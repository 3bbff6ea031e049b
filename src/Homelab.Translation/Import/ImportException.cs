namespace Homelab.Translation.Import;

/// <summary>Input that cannot be imported (a Compose project or quadlet unit Compose or systemd would not read, or objects that fail validation): nothing is imported, and the message names where.</summary>
internal sealed class ImportException(string message) : Exception(message);
