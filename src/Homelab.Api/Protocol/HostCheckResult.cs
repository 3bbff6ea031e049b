namespace Homelab.Api.Protocol;

/// <summary>One preflight check of homelabd's host: what was checked, whether it passed, and what to run when it did not.</summary>
public sealed class HostCheckResult
{
    /// <summary>A short kebab-case name, e.g. "network-backend"; <c>--ignore-preflight-errors</c> takes these.</summary>
    public string Name { get; set; } = "";

    public bool Ok { get; set; }

    /// <summary>What was found, in a sentence: the version seen, or what is wrong.</summary>
    public string Message { get; set; } = "";

    /// <summary>What to run or change to make the check pass; empty when it passed.</summary>
    public string? Fix { get; set; }

    public static HostCheckResult Pass(string name, string message) => new() { Name = name, Ok = true, Message = message };

    public static HostCheckResult Fail(string name, string message, string fix) => new() { Name = name, Ok = false, Message = message, Fix = fix };
}
