namespace Homelab.Nftables.Firewall;

public sealed class NftOptions
{
    public const string DefaultNftPath = "nft";

    /// <summary>
    /// The nft binary. Left at "nft", Homelab runs nft's own library (libnftables) in-process instead, when it loads: the
    /// same commands without a process start each time. Any other path (a wrapper, a test's stand-in) is run as a program.
    /// </summary>
    public string NftPath { get; set; } = DefaultNftPath;

    /// <summary>The name of Homelab's tables (<c>inet</c> and <c>arp</c>). Tests use their own so they never touch a real one.</summary>
    public string TableName { get; set; } = Rendering.NftRenderer.DefaultTableName;

    /// <summary>How long one nft program may take before it is killed (a library call cannot be interrupted).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
