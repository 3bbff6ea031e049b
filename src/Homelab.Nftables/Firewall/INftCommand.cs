namespace Homelab.Nftables.Firewall;

/// <summary>Runs nft (libnftables in-process, or the program). The seam between <see cref="NftFirewall"/> and nft, so its decisions are testable without root.</summary>
internal interface INftCommand
{
    Task<NftCommandResult> RunAsync(IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken);
}

internal sealed record NftCommandResult(int ExitCode, string StandardOutput, string StandardError);
