namespace Homelab.Cli;

/// <summary>kubectl's exit codes: diff answers 1 for "differences found" and above 1 for failures.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Error = 1;
    public const int DiffFound = 1;
    public const int DiffError = 2;
}
