using System.CommandLine;
using System.Text;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl kubeconfig`: a kubeconfig for homelabd's --listen TLS endpoint (its CA, address and admin token), so that
/// `KUBECONFIG=&lt;(hlctl kubeconfig) kubectl get svc -A` works.
/// </summary>
internal sealed class KubeconfigCommand(CliContext ctx, Option<string?> socket)
{
    private const string Name = "homelab";
    private const string User = "homelab-admin";

    public Command Build()
    {
        var command = new Command("kubeconfig", "Print a kubeconfig for kubectl and Kubernetes clients (homelabd must run with --listen)");
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        using var client = ctx.Connect(socketPath);
        var info = await client.GetAsync(ApiPaths.Kubeconfig, ct).ConfigureAwait(false);
        await ctx.Out.WriteAsync(Render(
            JsonText.String(info["server"]) ?? "",
            JsonText.String(info["certificateAuthority"]) ?? "",
            JsonText.String(info["token"]) ?? "")).ConfigureAwait(false);
        return ExitCodes.Success;
    });

    /// <summary>The values are a URL, base64 and hex: plain YAML scalars, no quoting needed.</summary>
    public static string Render(string server, string caPem, string token) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {Name}
          cluster:
            server: {server}
            certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem))}
        users:
        - name: {User}
          user:
            token: {token}
        contexts:
        - name: {Name}
          context:
            cluster: {Name}
            user: {User}
        current-context: {Name}

        """;
}
