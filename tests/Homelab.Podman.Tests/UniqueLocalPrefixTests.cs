using System.Net;
using Xunit;

namespace Homelab.Podman.Tests;

public sealed class UniqueLocalPrefixTests : IDisposable
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("hltest-ula-");

    public void Dispose() => _dataDir.Delete(recursive: true);

    [Fact]
    public void The_prefix_is_a_random_unique_local_48_chosen_once_and_kept()
    {
        var first = UniqueLocalPrefix.LoadOrCreate(_dataDir.FullName, out var created);
        var again = UniqueLocalPrefix.LoadOrCreate(_dataDir.FullName, out var createdAgain);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first, again);
        var network = IPNetwork.Parse(first);
        Assert.Equal(48, network.PrefixLength);
        Assert.True(IPNetwork.Parse("fd00::/8").Contains(network.BaseAddress));
        Assert.Equal(first, File.ReadAllText(Path.Combine(_dataDir.FullName, UniqueLocalPrefix.FileName)).Trim());
        Assert.NotEqual(UniqueLocalPrefix.Generate(), UniqueLocalPrefix.Generate());
    }

    [Fact]
    public void A_damaged_prefix_file_is_refused_naming_the_file()
    {
        var path = Path.Combine(_dataDir.FullName, UniqueLocalPrefix.FileName);
        File.WriteAllText(path, "10.0.0.0/8\n");

        var error = Assert.Throws<PodmanException>(() => UniqueLocalPrefix.LoadOrCreate(_dataDir.FullName, out _));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not an IPv6 prefix", error.Message, StringComparison.Ordinal);
    }
}
