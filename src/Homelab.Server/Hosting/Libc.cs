using System.Runtime.InteropServices;

namespace Homelab.Server.Hosting;

/// <summary>The few libc calls .NET has no API for.</summary>
internal static partial class Libc
{
    /// <summary>Sets the process file-mode creation mask and returns the previous one. Never fails.</summary>
    [LibraryImport("libc", EntryPoint = "umask")]
    internal static partial uint Umask(uint mask);

    /// <summary>Changes the group of a file; pass uint.MaxValue as owner to keep it.</summary>
    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Chown(string path, uint owner, uint group);

    /// <summary>Returns free memory at the top of glibc's heaps (and, since glibc 2.8, free whole pages inside them) to the kernel.</summary>
    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    internal static partial int MallocTrim(nuint pad);
}
