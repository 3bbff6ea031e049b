using Homelab.Nftables.Access;

namespace Homelab.Nftables.Rendering;

/// <summary>Renders an <see cref="AccessModel"/> as nft text. Pure and deterministic: the same model gives the same bytes.</summary>
public static class NftRenderer
{
    public const string DefaultTableName = "homelab";

    public static NftRuleset Render(AccessModel model, string tableName = DefaultTableName) => Render(model, tableName, RenderPass.MaxPairs);

    /// <summary>With another limit of pairs per rule, so tests can prove rule lines on small inputs.</summary>
    internal static NftRuleset Render(AccessModel model, string tableName, int maxPairs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new RenderPass(model, NftText.Name(tableName), maxPairs).Run();
    }
}
