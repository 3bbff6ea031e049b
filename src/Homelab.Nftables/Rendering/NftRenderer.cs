using Homelab.Nftables.Access;

namespace Homelab.Nftables.Rendering;

/// <summary>Renders an <see cref="AccessModel"/> as nft text. Pure and deterministic: the same model gives the same bytes.</summary>
public static class NftRenderer
{
    public const string DefaultTableName = "homelab";

    public static NftRuleset Render(AccessModel model, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new RenderPass(model, NftText.Name(tableName)).Run();
    }
}
