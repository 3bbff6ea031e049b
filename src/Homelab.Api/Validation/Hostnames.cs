using System.Net;
using Homelab.Api.Meta;

namespace Homelab.Api.Validation;

/// <summary>Gateway API's hostname rule: a lower-case DNS name, a "*." wildcard only as the whole first label, no IP.</summary>
public static class Hostnames
{
    /// <summary>Null when valid, else why not.</summary>
    public static string? Check(string? hostname)
    {
        if (string.IsNullOrEmpty(hostname))
        {
            return "must not be empty";
        }
        if (IPAddress.TryParse(hostname, out _))
        {
            return "must be a host name, not an IP address";
        }
        var name = hostname.StartsWith("*.", StringComparison.Ordinal) ? hostname[2..] : hostname;
        if (name.Contains('*', StringComparison.Ordinal))
        {
            return "may have a wildcard only as its whole first label (*.example.org)";
        }
        if (hostname.Length > 253 || KubernetesNames.CheckDns1123Subdomain(name) is not null)
        {
            return "must be a lower-case DNS name: labels of letters, digits and '-', separated by '.', at most 253 characters";
        }
        return null;
    }
}
