using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.Updates;

/// <summary><see cref="IImageStore"/> over the <c>podman</c> CLI: <c>podman images --format json</c> and <c>podman rmi</c> (never forced).</summary>
internal sealed class PodmanImageStore(IOptions<UpdatePolicyOptions> options, ILogger<PodmanImageStore> logger) : IImageStore
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<LocalImage>> ListAsync(string repository, CancellationToken cancellationToken)
    {
        var output = await RunAsync(["images", "--format", "json"], cancellationToken).ConfigureAwait(false);
        return Parse(output, repository);
    }

    public async Task RemoveAsync(string reference, CancellationToken cancellationToken) =>
        // Without --force podman refuses to remove an image a container uses: a second guard besides InUse.
        await RunAsync(["rmi", reference], cancellationToken).ConfigureAwait(false);

    internal static IReadOnlyList<LocalImage> Parse(string json, string repository)
    {
        using var document = JsonDocument.Parse(json.Length == 0 ? "[]" : json);
        var images = new Dictionary<string, LocalImage>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var id = item.GetProperty("Id").GetString() ?? "";
            var names = Strings(item, "Names").Where(n => InRepository(n, repository, ':')).ToList();
            var digests = Strings(item, "RepoDigests").Where(n => InRepository(n, repository, '@')).ToList();
            if (id.Length == 0 || (names.Count == 0 && digests.Count == 0) || images.ContainsKey(id))
            {
                continue;
            }
            var created = item.TryGetProperty("Created", out var c) && c.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : DateTimeOffset.MinValue;
            var inUse = item.TryGetProperty("Containers", out var containers) && containers.TryGetInt32(out var count) && count > 0;
            images[id] = new LocalImage(id, names, digests, created, inUse);
        }
        return [.. images.Values];
    }

    private static bool InRepository(string reference, string repository, char separator) =>
        reference.Length > repository.Length && reference.StartsWith(repository, StringComparison.Ordinal) && reference[repository.Length] == separator;

    private static IEnumerable<string> Strings(JsonElement item, string property) =>
        item.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.GetString()).OfType<string>()
            : [];

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Value.PodmanPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ImageStoreException($"cannot run {options.Value.PodmanPath}: {ex.Message}", ex);
        }
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw cancellationToken.IsCancellationRequested
                ? new OperationCanceledException(cancellationToken)
                : new ImageStoreException($"podman {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds:0}s");
        }
        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new ImageStoreException($"podman {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Trim()}");
        }
        logger.LogDebug("podman {Arguments} succeeded", string.Join(' ', arguments));
        return output;
    }
}
