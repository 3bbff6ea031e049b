using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Homelab.TestKit;

/// <summary>
/// Debian's pebble (a real ACME server, in memory) on loopback ports of its own, for the ACME tests. Its TLS certificate
/// is made here by a throw-away CA (<see cref="CaBundle"/>, what an Issuer's caBundle holds). Unless
/// <see cref="PebbleSettings.AlwaysValid"/>, HTTP-01 is validated for real: pebble-challtestsrv answers every name's A query
/// with 127.0.0.1, and pebble fetches http://NAME:<see cref="PebbleSettings.HttpPort"/>/.well-known/acme-challenge/TOKEN.
/// Dispose stops both processes and deletes the directory.
/// </summary>
public sealed class Pebble : IAsyncDisposable
{
    private readonly string _dir;
    private readonly StringBuilder _log = new();
    private readonly PebbleSettings _settings;
    private readonly int _port = Loopback.FreePort();
    private readonly int _management = Loopback.FreePort();
    private readonly int _dns = Loopback.FreePort();
    private Process? _pebble;
    private Process? _dnsServer;

    private Pebble(PebbleSettings settings)
    {
        _settings = settings;
        _dir = System.IO.Directory.CreateTempSubdirectory("hl-pebble-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=pebble test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var leaf = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4]);
        CaBundle = ca.ExportCertificatePem() + "\n";
        File.WriteAllText(Path.Combine(_dir, "cert.pem"), leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(_dir, "key.pem"), key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(Path.Combine(_dir, "config.json"), $$"""
            {"pebble": {
              "listenAddress": "127.0.0.1:{{_port}}",
              "managementListenAddress": "127.0.0.1:{{_management}}",
              "certificate": "{{_dir}}/cert.pem",
              "privateKey": "{{_dir}}/key.pem",
              "httpPort": {{settings.HttpPort}},
              "tlsPort": {{Loopback.FreePort()}},
              "ocspResponderURL": "",
              "externalAccountBindingRequired": false,
              "certificateValidityPeriod": {{(long)settings.CertificateValidity.TotalSeconds}}
            } }
            """);
    }

    /// <summary>The ACME directory URL.</summary>
    public Uri Directory => new($"https://127.0.0.1:{_port}/dir");

    /// <summary>The CA pebble's own TLS certificate chains to (PEM).</summary>
    public string CaBundle { get; }

    /// <summary>What pebble and the DNS server printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<Pebble> StartAsync(PebbleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pebble = new Pebble(settings);
        try
        {
            await pebble.StartProcessesAsync();
            return pebble;
        }
        catch
        {
            await pebble.DisposeAsync();
            throw;
        }
    }

    /// <summary>The root pebble's issued certificates chain to (generated at its start; from its management port).</summary>
    public async Task<string> IssuingRootAsync()
    {
        using var http = TrustingClient();
        return await http.GetStringAsync(new Uri($"https://127.0.0.1:{_management}/roots/0"));
    }

    /// <summary>Stops pebble (its state is in memory, so it is gone); the DNS server stays.</summary>
    public async Task StopAsync()
    {
        await StopAsync(_pebble);
        _pebble = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_pebble);
        await StopAsync(_dnsServer);
        System.IO.Directory.Delete(_dir, recursive: true);
    }

    private async Task StartProcessesAsync()
    {
        var pebbleArgs = new List<string> { "-config", Path.Combine(_dir, "config.json") };
        if (!_settings.AlwaysValid)
        {
            _dnsServer = Start("pebble-challtestsrv", ["-dns01", $"127.0.0.1:{_dns}", "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-management", $"127.0.0.1:{Loopback.FreePort()}", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""], new Dictionary<string, string>());
            pebbleArgs.AddRange(["-dnsserver", $"127.0.0.1:{_dns}"]);
        }
        var environment = new Dictionary<string, string>
        {
            ["PEBBLE_VA_NOSLEEP"] = "1",
            ["PEBBLE_VA_ALWAYS_VALID"] = _settings.AlwaysValid ? "1" : "0",
            // Authorizations are not reused, so every order is validated again through the proxy.
            ["PEBBLE_AUTHZREUSE"] = "0",
        };
        if (_settings.NonceRejectPercent is { } reject)
        {
            environment["PEBBLE_WFE_NONCEREJECT"] = reject.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        _pebble = Start("pebble", pebbleArgs, environment);
        using var http = TrustingClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await http.GetStringAsync(Directory);
                return;
            }
            catch (HttpRequestException) when (attempt < 100 && _pebble is { HasExited: false })
            {
                await Task.Delay(100);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"pebble did not start: {e.Message}\n{Log}", e);
            }
        }
    }

    private Process Start(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private HttpClient TrustingClient()
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(CaBundle);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
    }

    private static async Task StopAsync(Process? process)
    {
        if (process is null)
        {
            return;
        }
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}

/// <param name="HttpPort">The port pebble validates HTTP-01 on (the proxy's HTTP port on the host).</param>
/// <param name="CertificateValidity">The lifetime of the certificates it issues.</param>
/// <param name="AlwaysValid">Skip validation (PEBBLE_VA_ALWAYS_VALID), for tests without a proxy.</param>
/// <param name="NonceRejectPercent">PEBBLE_WFE_NONCEREJECT; pebble's default (5%) when null.</param>
public sealed record PebbleSettings(int HttpPort, TimeSpan CertificateValidity, bool AlwaysValid = false, int? NonceRejectPercent = null);
