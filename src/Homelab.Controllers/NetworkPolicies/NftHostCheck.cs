using Homelab.Api.Protocol;
using Homelab.Nftables.Access;
using Homelab.Nftables.Firewall;
using Homelab.Nftables.Model;
using Homelab.Nftables.Rendering;
using Homelab.Operator;
using Microsoft.Extensions.Options;

namespace Homelab.Controllers.NetworkPolicies;

/// <summary>
/// What the NetworkPolicy controller needs: nft, run as root, and a kernel with nf_tables that accepts Homelab's tables.
/// The empty homelab's ruleset, with every base chain and map the real one has, is checked with <c>nft -c</c> (nothing
/// is loaded), so a kernel lacking a feature the tables use fails here, not on the first NetworkPolicy.
/// </summary>
internal sealed class NftHostCheck(IFirewall firewall, IOptions<NftOptions> options) : IHostCheck
{
    public const string Name = "nftables";

    public async Task<IReadOnlyList<HostCheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        var empty = NftRenderer.Render(AccessModel.Build(FirewallInputs.FromResources([], [], [])), options.Value.TableName);
        try
        {
            var version = await firewall.ProbeAsync(empty, cancellationToken).ConfigureAwait(false);
            return [HostCheckResult.Pass(Name, $"{version}; the kernel accepts Homelab's tables")];
        }
        catch (NftException e)
        {
            return [Diagnose(e.Message)];
        }
    }

    internal static HostCheckResult Diagnose(string error)
    {
        if (error.StartsWith("cannot run ", StringComparison.Ordinal))
        {
            return HostCheckResult.Fail(Name, "nft is not installed", "apt-get install nftables (src/Homelab.Server/dist/setup-host.sh does this)");
        }
        if (error.Contains("Operation not permitted", StringComparison.Ordinal))
        {
            return HostCheckResult.Fail(Name, "nft may not change the firewall: homelabd needs root (CAP_NET_ADMIN)", "run homelabd as root");
        }
        if (error.Contains("Protocol not supported", StringComparison.Ordinal) || error.Contains("Could not process rule: No such file or directory", StringComparison.Ordinal))
        {
            return HostCheckResult.Fail(Name, $"the kernel has no nf_tables support for Homelab's tables: {error}",
                "modprobe nf_tables (or boot a kernel built with CONFIG_NF_TABLES and CONFIG_NF_TABLES_INET)");
        }
        return HostCheckResult.Fail(Name, error, "run `nft list ruleset` and fix what it reports");
    }
}
