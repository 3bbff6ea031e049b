using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Homelab.Nftables.Firewall;

/// <summary>
/// nft's own library, libnftables, in this process: the commands the nft program runs, without starting it. A process
/// start costs about 20 ms on a small host, more than a patch of a few elements costs the kernel; and the library keeps
/// its cache of the ruleset between commands while nothing else changes it (ADR 0160). One context, one command at a
/// time. Argument lists it does not know (<c>--version</c>) go to the program.
/// </summary>
internal sealed partial class NftLibrary : INftCommand, IDisposable
{
    private const string Library = "libnftables.so.1";
    private const uint OutputJson = 1u << 4;

    private readonly Lock _lock = new();
    private readonly IntPtr _context;
    private readonly INftCommand _program;
    private readonly NftMetrics? _metrics;
    private bool _disposed;

    private NftLibrary(IntPtr context, INftCommand program, NftMetrics? metrics)
    {
        _context = context;
        _program = program;
        _metrics = metrics;
        NativeMethods.BufferOutput(context);
        NativeMethods.BufferError(context);
    }

    /// <summary>The library, or null when <paramref name="options"/> names another nft program or the library does not load.</summary>
    public static NftLibrary? TryCreate(NftOptions options, INftCommand program, NftMetrics? metrics)
    {
        if (options.NftPath != NftOptions.DefaultNftPath || !NativeLibrary.TryLoad(Library, out _))
        {
            return null;
        }
        var context = NativeMethods.NewContext(0);
        return context == IntPtr.Zero ? null : new NftLibrary(context, program, metrics);
    }

    public Task<NftCommandResult> RunAsync(IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        (string Commands, bool DryRun, bool Json)? call = arguments switch
        {
            ["-f", "-"] => (input ?? "", false, false),
            ["-c", "-f", "-"] => (input ?? "", true, false),
            ["-j", "list", ..] => (string.Join(' ', arguments.Skip(1)), false, true),
            _ => null,
        };
        if (call is not { } c)
        {
            return _program.RunAsync(arguments, input, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        // A blocking call into the kernel: off the caller's thread, as the program's run would be.
        return Task.Run(() => Run(c.Commands, c.DryRun, c.Json, NftProcess.CommandName(arguments)), cancellationToken);
    }

    private NftCommandResult Run(string commands, bool dryRun, bool json, string name)
    {
        lock (_lock)
        {
            // A fingerprint read after a load may still be running when the host disposes its services at shutdown.
            ObjectDisposedException.ThrowIf(_disposed, this);
            var started = Stopwatch.GetTimestamp();
            NativeMethods.SetDryRun(_context, dryRun);
            NativeMethods.SetOutputFlags(_context, json ? OutputJson : 0);
            var exit = NativeMethods.RunFromBuffer(_context, commands);
            // Reading a buffer empties it, so nothing of this command is left for the next.
            var output = Marshal.PtrToStringUTF8(NativeMethods.OutputBuffer(_context)) ?? "";
            var error = Marshal.PtrToStringUTF8(NativeMethods.ErrorBuffer(_context)) ?? "";
            NativeMethods.SetDryRun(_context, false);
            _metrics?.Ran(name, Stopwatch.GetElapsedTime(started));
            return new NftCommandResult(exit == 0 ? 0 : 1, output, error);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                NativeMethods.FreeContext(_context);
            }
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport(Library, EntryPoint = "nft_ctx_new")]
        public static partial IntPtr NewContext(uint flags);

        [LibraryImport(Library, EntryPoint = "nft_ctx_free")]
        public static partial void FreeContext(IntPtr context);

        [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_output")]
        public static partial int BufferOutput(IntPtr context);

        [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_error")]
        public static partial int BufferError(IntPtr context);

        [LibraryImport(Library, EntryPoint = "nft_ctx_get_output_buffer")]
        public static partial IntPtr OutputBuffer(IntPtr context);

        [LibraryImport(Library, EntryPoint = "nft_ctx_get_error_buffer")]
        public static partial IntPtr ErrorBuffer(IntPtr context);

        [LibraryImport(Library, EntryPoint = "nft_ctx_output_set_flags")]
        public static partial void SetOutputFlags(IntPtr context, uint flags);

        [LibraryImport(Library, EntryPoint = "nft_ctx_set_dry_run")]
        public static partial void SetDryRun(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool dry);

        [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_buffer", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int RunFromBuffer(IntPtr context, string commands);
    }
}
