using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// A homelabd with controllers under an instance name of its own, in a temp dir: every Podman object it makes carries
/// that name in its managed-by label and its nft tables are named for it, so disposing, which stops the daemon, finds
/// and removes all of them, and the dir, and nothing else.
/// </summary>
internal sealed class InstanceDaemon : IAsyncDisposable
{
    /// <param name="controllers">--controllers, e.g. <c>all</c> or <c>service,networkpolicy</c>.</param>
    /// <param name="prefix">The temp dir's name prefix, so a leftover dir says which test made it.</param>
    /// <param name="options">More homelabd options, e.g. <c>--listen 127.0.0.1:PORT</c> for kubectl.</param>
    public InstanceDaemon(string controllers, string prefix, params string[] options)
    {
        Dir = Directory.CreateTempSubdirectory(prefix).FullName;
        Daemon = new Daemon(Path.Combine(Dir, "data"), ["--controllers", controllers, "--instance", Name, .. options]);
        Directory.CreateDirectory(Daemon.DataDir);
    }

    /// <summary>The instance name, also used as the test's namespace.</summary>
    public string Name { get; } = "hltest" + Guid.NewGuid().ToString("N")[..8];

    public string Dir { get; }

    public Daemon Daemon { get; }

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        await PodmanLeftovers.RemoveAsync(Name);
        await NftLeftovers.RemoveAsync(Name);
        Directory.Delete(Dir, recursive: true);
    }
}
