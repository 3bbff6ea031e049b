namespace Homelab.Store;

/// <summary>The data directory is held by another process (or another store in this one).</summary>
public sealed class StoreLockedException(string message, Exception inner) : IOException(message, inner);
