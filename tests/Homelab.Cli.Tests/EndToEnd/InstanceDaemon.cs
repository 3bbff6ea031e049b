using Homelab.TestKit;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// A homelabd under an instance name of its own, in a temp dir: every Podman object it makes carries that name in its
/// managed-by label and its nft tables are named for it, so disposing, which stops the daemon, finds and removes all
/// of them, and the dir, and nothing else. The one fixture end-to-end tests start a daemon with.
/// </summary>
internal sealed class InstanceDaemon : IAsyncDisposable
{
    private const string NoControllers = "none";
    private readonly string _controllers;

    /// <param name="controllers">--controllers, e.g. <c>all</c> or <c>service,networkpolicy</c>.</param>
    /// <param name="prefix">The temp dir's name prefix, so a leftover dir says which test made it.</param>
    /// <param name="options">More homelabd options, e.g. <c>--listen 127.0.0.1:PORT</c> for kubectl.</param>
    public InstanceDaemon(string controllers, string prefix, params string[] options)
    {
        _controllers = controllers;
        Dir = Directory.CreateTempSubdirectory(prefix).FullName;
        Daemon = new Daemon(Path.Combine(Dir, "data"), ["--controllers", controllers, "--instance", Name, .. options]);
        Directory.CreateDirectory(Daemon.DataDir);
    }

    /// <summary>The instance name, also used as the test's namespace.</summary>
    public string Name { get; } = "hltest" + Guid.NewGuid().ToString("N")[..8];

    public string Dir { get; }

    public Daemon Daemon { get; }

    /// <summary>A daemon that runs no controller: the API alone, so there is nothing on the host to clean up.</summary>
    public static InstanceDaemon WithoutControllers(string prefix, params string[] options) => new(NoControllers, prefix, options);

    public Task<ProcessResult> Hl(params string[] args) => Hlctl.RunAsync(Daemon.Socket, args);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> below <see cref="Dir"/>; returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The daemon's kubeconfig (it needs --listen) as `hlctl kubeconfig` prints it, in a file; returns its path.</summary>
    public async Task<string> KubeconfigAsync()
    {
        var kubeconfig = await Hl("kubeconfig");
        Assert.True(kubeconfig.ExitCode == 0, kubeconfig.ToString());
        return Write("kubeconfig", kubeconfig.Out);
    }

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        if (_controllers != NoControllers)
        {
            await PodmanLeftovers.RemoveAsync(Name);
            await NftLeftovers.RemoveAsync(Name);
            // The Service controller keeps mounted secrets in a tmpfs directory per instance.
            var secrets = $"/dev/shm/homelab-{Name}";
            if (Directory.Exists(secrets))
            {
                Directory.Delete(secrets, recursive: true);
            }
        }
        Directory.Delete(Dir, recursive: true);
    }
}
