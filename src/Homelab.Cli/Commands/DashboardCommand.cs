using System.CommandLine;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Cli.Client;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl dashboard`: where homelabd's status pages and /metrics are served (its --listen address) and the admin token a
/// browser signs in with. With --scrape-files DIR it also writes the CA certificate and the token (mode 0600) for a
/// Prometheus on this host and prints the scrape job that reads them.
/// </summary>
internal sealed class DashboardCommand(CliContext ctx, Option<string?> socket)
{
    private const string CaFile = "homelab-ca.crt";
    private const string TokenFile = "homelab-token";

    public Command Build()
    {
        var scrapeFiles = new Option<string?>("--scrape-files")
        {
            Description = "Write the CA certificate and token for Prometheus into this directory and print a scrape job reading them",
        };
        var command = new Command("dashboard", "Print the address of the status pages and /metrics and the token to sign in with (homelabd must run with --listen; the pages with --dashboard)") { scrapeFiles };
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(scrapeFiles), ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, string? scrapeDir, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        using var client = ctx.Connect(socketPath);
        var info = await client.GetAsync(ApiPaths.Kubeconfig, ct).ConfigureAwait(false);
        var server = (JsonText.String(info["server"]) ?? "").TrimEnd('/');
        var token = JsonText.String(info["token"]) ?? "";
        var pages = await PagesServedAsync(client, ct).ConfigureAwait(false)
            ? $"Status pages: {server}/ui/"
            : "Status pages: off (start homelabd with --dashboard)";
        await ctx.Out.WriteAsync($"""
            {pages}
            Sign in with the admin token: {token}
            Metrics: {server}/metrics (bearer token above; CA certificate from `hlctl kubeconfig` or --scrape-files)

            """).ConfigureAwait(false);
        if (scrapeDir is not null)
        {
            await WriteScrapeFilesAsync(Path.GetFullPath(scrapeDir), server, JsonText.String(info["certificateAuthority"]) ?? "", token, ct).ConfigureAwait(false);
        }
        return ExitCodes.Success;
    });

    private static async Task<bool> PagesServedAsync(HomelabClient client, CancellationToken ct)
    {
        try
        {
            await client.GetTextAsync("/ui/", ct).ConfigureAwait(false);
            return true;
        }
        catch (ApiException e) when (e.Status.Code == 404)
        {
            return false;
        }
    }

    private async Task WriteScrapeFilesAsync(string dir, string server, string caPem, string token, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        var caPath = Path.Combine(dir, CaFile);
        var tokenPath = Path.Combine(dir, TokenFile);
        await File.WriteAllTextAsync(caPath, caPem, ct).ConfigureAwait(false);
        await WriteSecretAsync(tokenPath, token, ct).ConfigureAwait(false);
        await ctx.Out.WriteAsync(ScrapeJob(new Uri(server).Authority, caPath, tokenPath)).ConfigureAwait(false);
    }

    /// <summary>The token file is readable by its owner only; give it to the user Prometheus runs as (chown) yourself.</summary>
    private static async Task WriteSecretAsync(string path, string text, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new CliException("--scrape-files needs Unix file modes to keep the token private");
        }
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (File.Exists(path))
        {
            File.SetUnixFileMode(path, ownerOnly);
        }
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = ownerOnly };
        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
    }

    /// <summary>A Prometheus scrape job (its scrape_configs list entry) for homelabd's /metrics over TLS with the bearer token.</summary>
    public static string ScrapeJob(string target, string caPath, string tokenPath) => $"""

        # Prometheus scrape job (add under scrape_configs:)
        - job_name: homelabd
          scheme: https
          metrics_path: /metrics
          authorization:
            type: Bearer
            credentials_file: {tokenPath}
          tls_config:
            ca_file: {caPath}
          static_configs:
            - targets: ['{target}']

        """;
}
