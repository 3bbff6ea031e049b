using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Podman;

/// <summary>
/// Podman's REST API (libpod), for what Podman 4.3's command line cannot say: a bridge network's interface name
/// (<c>--interface-name</c> came in 4.5; the API has taken <c>network_interface</c> since 4.0). Served by a
/// <c>podman system service</c> started on first use on a socket of this process's own, tied to this process, that
/// exits by itself after <see cref="PodmanOptions.ApiIdleTimeout"/> without connections and is started again when needed.
/// </summary>
internal sealed partial class PodmanApi : IDisposable
{
    private const string SocketPrefix = "podman-";
    private static int s_instances;

    private readonly PodmanOptions _options;
    private readonly ILogger<PodmanApi> _logger;
    private readonly string _socketPath;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private Process? _service;

    public PodmanApi(IOptions<PodmanOptions> options, ILogger<PodmanApi> logger)
    {
        _options = options.Value;
        _logger = logger;
        // One service per client: clients in one process (tests) or in two daemons never share or steal a socket.
        _socketPath = Path.Combine(_options.RuntimeDir, string.Create(CultureInfo.InvariantCulture,
            $"{SocketPrefix}{Environment.ProcessId}-{Interlocked.Increment(ref s_instances)}.sock"));
        _http = new HttpClient(UnixSocketHttp.CreateHandler(_socketPath))
        {
            BaseAddress = new Uri("http://podman/v4.0.0/libpod/"),
            Timeout = _options.CommandTimeout,
        };
    }

    /// <summary>POSTs <paramref name="body"/> and returns the answer's JSON; Podman's refusals become <see cref="PodmanException"/>.</summary>
    public async Task<string> PostAsync(string path, JsonObject body, string operation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await EnsureServiceAsync(cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                // A kept-alive connection would count as activity and keep the service from ever idling out.
                request.Headers.ConnectionClose = true;
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                LogPosted(_logger, path, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return response.IsSuccessStatusCode
                    ? text
                    : throw new PodmanException("podman " + operation, (int)response.StatusCode, ErrorMessage(text));
            }
            catch (HttpRequestException e) when (attempt == 0)
            {
                // The service idled out between the check and the request: start it again, once.
                LogPostFailed(_logger, path, e.Message);
                StopService();
            }
            catch (HttpRequestException e)
            {
                throw new PodmanException($"podman {operation}: the podman API service on {_socketPath} did not answer: {e.Message}", e);
            }
        }
    }

    public void Dispose()
    {
        StopService();
        _http.Dispose();
        _starting.Dispose();
    }

    private async Task EnsureServiceAsync(CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_service is { HasExited: false } && await AnswersAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            StopService();
            await StartServiceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task StartServiceAsync(CancellationToken cancellationToken)
    {
        // The socket gives root's power over Podman: its directory is root's alone (podman makes the socket 0600 too).
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_options.RuntimeDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        RemoveStaleSockets();
        var started = Stopwatch.GetTimestamp();
        var idle = ((long)Math.Ceiling(_options.ApiIdleTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var service = await ProcessRunner.StartTiedAsync(_options.PodmanPath, ["system", "service", "--time", idle, "unix://" + _socketPath]).ConfigureAwait(false);
        var output = new StringBuilder();
        service.OutputDataReceived += (_, e) => Collect(output, e.Data);
        service.ErrorDataReceived += (_, e) => Collect(output, e.Data);
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        _service = service;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ApiStartTimeout);
        while (!await AnswersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (service.HasExited || deadline.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                StopService();
                string said;
                lock (output)
                {
                    said = output.ToString().Trim();
                }
                throw new PodmanException($"podman system service did not answer on {_socketPath} within {_options.ApiStartTimeout.TotalSeconds:0}s{(said.Length > 0 ? ": " + said : "")}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None).ConfigureAwait(false);
        }
        LogStarted(_logger, service.Id, _socketPath, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void Collect(StringBuilder output, string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }
        LogServiceOutput(_logger, line);
        lock (output)
        {
            if (output.Length < 4096)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_socketPath))
        {
            return false;
        }
        try
        {
            await using var stream = await UnixSocketHttp.ConnectAsync(_socketPath, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void StopService()
    {
        var service = Interlocked.Exchange(ref _service, null);
        if (service is null)
        {
            return;
        }
        try
        {
            if (!service.HasExited)
            {
                service.Kill();
                service.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        service.Dispose();
        try
        {
            File.Delete(_socketPath);
        }
        catch (IOException)
        {
            // The runtime directory went away with it (cleaned /run, a removed data dir): nothing left to remove.
        }
    }

    /// <summary>Sockets of earlier daemons that were killed before their service idled out and cleaned up.</summary>
    private void RemoveStaleSockets()
    {
        foreach (var path in Directory.EnumerateFiles(_options.RuntimeDir, SocketPrefix + "*.sock"))
        {
            var name = Path.GetFileNameWithoutExtension(path)[SocketPrefix.Length..];
            var pid = name.Split('-')[0];
            if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id != Environment.ProcessId && !Directory.Exists($"/proc/{id}"))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Podman answers errors as {"cause": …, "message": …, "response": code}.</summary>
    private static string ErrorMessage(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
        catch (InvalidOperationException)
        {
            return text;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "podman API POST {Path} answered {Status} after {ElapsedMs:F0} ms")]
    private static partial void LogPosted(ILogger logger, string path, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "podman API POST {Path} failed ({Message}); restarting the API service")]
    private static partial void LogPostFailed(ILogger logger, string path, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Started podman system service (pid {Pid}) on {Socket} in {ElapsedMs:F0} ms")]
    private static partial void LogStarted(ILogger logger, int pid, string socket, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "podman system service: {Line}")]
    private static partial void LogServiceOutput(ILogger logger, string line);
}
