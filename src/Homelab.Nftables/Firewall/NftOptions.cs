namespace Homelab.Nftables.Firewall;

public sealed class NftOptions
{
    /// <summary>The nft binary.</summary>
    public string NftPath { get; set; } = "nft";

    /// <summary>The name of Homelab's tables (<c>inet</c> and <c>arp</c>). Tests use their own so they never touch a real one.</summary>
    public string TableName { get; set; } = Rendering.NftRenderer.DefaultTableName;

    /// <summary>How long one nft invocation may take before it is killed.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
