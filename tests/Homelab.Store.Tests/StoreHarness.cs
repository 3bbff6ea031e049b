using Homelab.Store.Admission;
using Microsoft.Extensions.Time.Testing;

namespace Homelab.Store.Tests;

/// <summary>A real store on a temp directory (or a memory stream), with a fake clock; removes its directory on dispose.</summary>
internal sealed class StoreHarness : IDisposable
{
    private readonly IAdmission _admission;

    private StoreHarness(bool onDisk, StoreOptions options, IAdmission admission)
    {
        _admission = admission;
        Options = options;
        if (onDisk)
        {
            Options.DataDir = Path.Combine(Path.GetTempPath(), "hltest-store-" + Guid.NewGuid().ToString("N"));
        }
        OnDisk = onDisk;
        Store = Open();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public StoreOptions Options { get; }

    public bool OnDisk { get; }

    public LiteDbResourceStore Store { get; private set; }

    public static StoreHarness Create(bool onDisk, StoreOptions? options = null, IAdmission? admission = null) =>
        new(onDisk, options ?? new StoreOptions(), admission ?? new ResourceAdmission());

    public LiteDbResourceStore Open() => OnDisk
        ? LiteDbResourceStore.OpenFile(Options, _admission, Time)
        : LiteDbResourceStore.InMemory(_admission, Time, Options);

    /// <summary>Closes the store and opens the same directory again, as a daemon restart would.</summary>
    public LiteDbResourceStore Reopen()
    {
        Store.Dispose();
        Store = Open();
        return Store;
    }

    public void Dispose()
    {
        Store.Dispose();
        if (OnDisk && Directory.Exists(Options.DataDir))
        {
            Directory.Delete(Options.DataDir, recursive: true);
        }
    }
}
