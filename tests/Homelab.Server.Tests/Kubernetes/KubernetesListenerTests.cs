using System.Net;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;

namespace Homelab.Server.Tests.Kubernetes;

/// <summary>homelabd --listen in this process: TLS with its own CA, the admin token, the socket-only kubeconfig.</summary>
public sealed class KubernetesListenerTests : IAsyncLifetime
{
    private readonly int _port = TlsClients.FreePort();
    private TestDaemon daemon = null!;

    public async Task InitializeAsync() => daemon = await TestDaemon.StartAsync(options: o => o.Listen = $"127.0.0.1:{_port}");

    public async Task DisposeAsync() => await daemon.DisposeAsync();

    private Task<KubeconfigInfo> KubeconfigAsync() => TlsClients.KubeconfigAsync(daemon);

    private static HttpClient TlsClient(KubeconfigInfo info, string? token) => TlsClients.Create(info, token);

    [Fact]
    public async Task The_token_is_required_over_tls_and_the_certificate_is_signed_by_the_served_ca()
    {
        var info = await KubeconfigAsync();
        Assert.Equal($"https://127.0.0.1:{_port}", info.Server);

        using var anonymous = TlsClient(info, token: null);
        using var refused = await anonymous.GetAsync(ApiPaths.Version);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Unauthorized", (await ApiCalls.ExpectStatusAsync(refused, HttpStatusCode.Unauthorized)).Reason);

        using var wrong = TlsClient(info, info.Token[..^1] + (info.Token[^1] == '0' ? '1' : '0'));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(ApiPaths.Version)).StatusCode);

        using var admin = TlsClient(info, info.Token);
        var version = JsonNode.Parse(await admin.GetStringAsync(ApiPaths.Version))!;
        Assert.StartsWith("v", version["gitVersion"]!.GetValue<string>(), StringComparison.Ordinal);
        using var kubeconfigOverTls = await admin.GetAsync(ApiPaths.Kubeconfig);
        Assert.Equal(HttpStatusCode.Forbidden, kubeconfigOverTls.StatusCode);
    }

    [Fact]
    public async Task Nothing_is_served_over_plain_http_on_the_tls_port()
    {
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        var answered = false;
        try
        {
            using var response = await plain.GetAsync(ApiPaths.Version);
            answered = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            // Kestrel's TLS endpoint drops a connection that does not start with a TLS handshake.
        }
        Assert.False(answered);
    }

    [Fact]
    public async Task Credentials_are_owner_only_files_in_the_data_directory()
    {
        var directory = Path.Combine(daemon.Options.DataDir, "kubernetes");
        foreach (var file in new[] { "ca.crt", "ca.key", "serving.crt", "serving.key", "admin.token" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, file)));
        }
        Assert.Equal((await KubeconfigAsync()).Token, (await File.ReadAllTextAsync(Path.Combine(directory, "admin.token"))).Trim());
    }
}
