namespace Homelab.TestKit;

/// <summary>
/// A GPG key made for one test, in its own GNUPGHOME (no passphrase): what podman push --sign-by signs with, and the
/// armored public key an ImagePolicy trusts. Disposing stops the agent gpg started and deletes the home.
/// </summary>
public sealed class GpgSigner : IAsyncDisposable
{
    private GpgSigner(string home, string identity, string publicKey)
    {
        Home = home;
        Identity = identity;
        PublicKey = publicKey;
    }

    public string Home { get; }

    /// <summary>The key's e-mail, as --sign-by takes it.</summary>
    public string Identity { get; }

    /// <summary>ASCII-armored public key block.</summary>
    public string PublicKey { get; }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["GNUPGHOME"] = Home };

    /// <param name="home">A short path: gpg-agent's socket lives inside it, and socket paths are limited to 107 bytes.</param>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<GpgSigner> CreateAsync(string home, string identity)
    {
        Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var signer = new GpgSigner(home, identity, "");
        await signer.GpgAsync("--batch", "--passphrase", "", "--quick-gen-key", identity, "rsa2048", "sign", "never");
        return new GpgSigner(home, identity, await signer.GpgAsync("--armor", "--export", identity));
    }

    public async ValueTask DisposeAsync()
    {
        await HostCommand.ExecAsync(["gpgconf", "--kill", "all"], Environment);
        Directory.Delete(Home, recursive: true);
    }

    private async Task<string> GpgAsync(params string[] args)
    {
        var result = await HostCommand.ExecAsync(["gpg", .. args], Environment);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"gpg {string.Join(' ', args)} exited {result.ExitCode}: {result.StandardError.Trim()}");
    }
}
