using Homelab.Nftables.Access;
using Homelab.Nftables.Model;

namespace Homelab.Nftables.Rendering;

/// <summary>
/// Compiles firewall inputs into the access model and its nft rendering, and keeps the last result: inputs the same as the
/// last ones (<see cref="FirewallInputEquality"/>) get it back without compiling. Most watched changes, such as a Service's
/// restart count, do not touch the firewall, and a compile of a thousand Services costs far more than the comparison.
/// Thread-safe: results are immutable and the last one is swapped whole; two callers may both compile, never wrongly.
/// Inputs must not be changed once passed in, as the last ones are kept for the comparison.
/// </summary>
public sealed class FirewallCompiler(string tableName)
{
    private CompiledFirewall? _last;

    public CompiledFirewall Compile(FirewallInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var last = Volatile.Read(ref _last);
        if (last is not null && FirewallInputEquality.Same(last.Input, input))
        {
            return last;
        }
        var model = AccessModel.Build(input);
        var compiled = new CompiledFirewall(input, model, NftRenderer.Render(model, tableName));
        Volatile.Write(ref _last, compiled);
        return compiled;
    }
}

/// <summary>Inputs, the model compiled from them and its rendering.</summary>
public sealed record CompiledFirewall(FirewallInput Input, AccessModel Model, NftRuleset Ruleset);
