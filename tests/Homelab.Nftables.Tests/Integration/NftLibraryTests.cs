using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Rendering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Homelab.Nftables.Tests.Integration;

/// <summary>libnftables in-process does what the nft program does with the same commands.</summary>
[Trait("Category", "Integration")]
public sealed class NftLibraryTests : IAsyncLifetime
{
    private readonly string _table = $"hltest-nftlib-{Guid.NewGuid().ToString("N")[..6]}";
    private readonly NftProcess _program = new(Options.Create(new NftOptions()));
    private readonly NftLibrary _library;

    public NftLibraryTests()
    {
        _library = NftLibrary.TryCreate(new NftOptions(), _program, null) ?? throw new InvalidOperationException("libnftables.so.1 does not load");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await new NftFirewall(_program, NullLogger<NftFirewall>.Instance).RemoveAsync(_table, CancellationToken.None);
        _library.Dispose();
    }

    [Fact]
    public async Task Loads_patches_and_lists_the_tables_as_the_program_does()
    {
        var firewall = new NftFirewall(_library, NullLogger<NftFirewall>.Instance);
        var input = GoldenCase.Load("named-ports");
        Assert.Equal(FirewallLoadResult.Loaded, await firewall.ApplyAsync(NftRenderer.Render(AccessModel.Build(input), _table), verifyLive: true, CancellationToken.None));
        var shrunk = input with { Services = [.. input.Services.Where(s => s.Name != "sonarr")] };
        Assert.Equal(FirewallLoadResult.Updated, await firewall.ApplyAsync(NftRenderer.Render(AccessModel.Build(shrunk), _table), verifyLive: true, CancellationToken.None));

        foreach (var family in new[] { "inet", "arp" })
        {
            var byLibrary = await _library.RunAsync(["-j", "list", "table", family, _table], null, CancellationToken.None);
            var byProgram = await _program.RunAsync(["-j", "list", "table", family, _table], null, CancellationToken.None);
            Assert.Equal(0, byLibrary.ExitCode);
            Assert.Equal(LiveFingerprint.Of(byProgram.StandardOutput), LiveFingerprint.Of(byLibrary.StandardOutput));
        }
        var listing = (await _program.RunAsync(["list", "table", "inet", _table], null, CancellationToken.None)).StandardOutput;
        Assert.DoesNotContain("hl0000000002", listing, StringComparison.Ordinal);
        Assert.Contains("hl0000000001", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_changes_nothing_and_a_refused_command_says_why()
    {
        var check = await _library.RunAsync(["-c", "-f", "-"], $"table inet {_table} {{ }}\n", CancellationToken.None);
        Assert.Equal(0, check.ExitCode);
        Assert.NotEqual(0, (await _program.RunAsync(["list", "table", "inet", _table], null, CancellationToken.None)).ExitCode);

        var refused = await _library.RunAsync(["-f", "-"], $"add element inet {_table} nothing {{ 1 }}\n", CancellationToken.None);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("No such file or directory", refused.StandardError, StringComparison.Ordinal);
        // The error of one command does not stay for the next.
        Assert.Equal("", (await _library.RunAsync(["-c", "-f", "-"], $"table inet {_table} {{ }}\n", CancellationToken.None)).StandardError);
    }

    [Fact]
    public void Another_nft_program_is_run_as_a_program()
    {
        Assert.Null(NftLibrary.TryCreate(new NftOptions { NftPath = "/usr/local/bin/nft-wrapper" }, _program, null));
    }
}
