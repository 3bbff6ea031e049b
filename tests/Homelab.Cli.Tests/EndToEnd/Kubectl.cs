using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>A real kubectl binary, run against homelabd's --listen endpoint with the kubeconfig `hlctl kubeconfig` printed.</summary>
internal sealed class Kubectl(string binary, string kubeconfig)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Where the Google Cloud SDK keeps its kubectl builds (kubectl.1.28 … kubectl.1.33).</summary>
    public static string PathOf(string version) => $"/usr/lib/google-cloud-sdk/bin/kubectl.{version}";

    /// <summary>A loopback port nobody listens on right now, for homelabd --listen.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["KUBECONFIG"] = kubeconfig;
        // A cache of discovery in the user's home would outlive the daemon a test started.
        info.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "kube-cache");
        return info;
    }

    public async Task<ProcessResult> RunAsync(params string[] args)
    {
        return await ProgramUnderTest.RunAsync(StartInfo(args), $"kubectl {string.Join(' ', args)}", CommandTimeout);
    }
}
