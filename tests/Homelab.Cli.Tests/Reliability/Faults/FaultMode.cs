namespace Homelab.Cli.Tests.Reliability.Faults;

/// <summary>What a <see cref="FaultyCommand"/> or <see cref="FaultyRegistry"/> does with the next call.</summary>
internal enum FaultMode
{
    Pass,
    Hang,
    Fail,
    Garbage,
}
