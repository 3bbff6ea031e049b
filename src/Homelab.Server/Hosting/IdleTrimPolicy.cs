namespace Homelab.Server.Hosting;

/// <summary>
/// When to give memory back: the process allocated at least <see cref="WorthTrimming"/> since the last trim (otherwise
/// there is little to return), and less than <see cref="Quiet"/> since the previous look (it is idle now, so the memory
/// would not just be taken again at once).
/// </summary>
internal sealed class IdleTrimPolicy(long allocatedBytes)
{
    public const long WorthTrimming = 4 * 1024 * 1024;
    public const long Quiet = 1024 * 1024;

    private long _atLastTrim = allocatedBytes;
    private long _atLastLook = allocatedBytes;

    /// <param name="allocatedBytes">The process's total allocated bytes now (<see cref="GC.GetTotalAllocatedBytes"/>).</param>
    public bool ShouldTrim(long allocatedBytes)
    {
        var quiet = allocatedBytes - _atLastLook < Quiet;
        _atLastLook = allocatedBytes;
        if (!quiet || allocatedBytes - _atLastTrim < WorthTrimming)
        {
            return false;
        }
        _atLastTrim = allocatedBytes;
        return true;
    }
}
