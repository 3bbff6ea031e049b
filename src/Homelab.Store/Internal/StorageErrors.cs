namespace Homelab.Store.Internal;

/// <summary>
/// The errno values .NET puts in <see cref="IOException.HResult"/> on Linux for the storage failures a client should
/// hear about by name.
/// </summary>
internal static class StorageErrors
{
    public const int NoSpace = 28;   // ENOSPC

    public const int ReadOnly = 30;  // EROFS
}
