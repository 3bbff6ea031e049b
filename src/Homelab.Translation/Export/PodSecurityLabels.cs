using System.Text.Json.Nodes;
using Homelab.Api.Security;

namespace Homelab.Translation.Export;

/// <summary>
/// A Namespace's security levels are Pod Security Admission's labels under Homelab's prefix, with the same level
/// names, so they map 1:1 both ways: homelab.dev/enforce ↔ pod-security.kubernetes.io/enforce, and so on for warn and audit.
/// </summary>
internal static class PodSecurityLabels
{
    public const string Enforce = "pod-security.kubernetes.io/enforce";

    private static readonly (string Homelab, string Kubernetes)[] Pairs =
    [
        (SecurityLabels.Enforce, Enforce),
        (SecurityLabels.Warn, "pod-security.kubernetes.io/warn"),
        (SecurityLabels.Audit, "pod-security.kubernetes.io/audit"),
    ];

    public static void ToKubernetes(JsonObject labels)
    {
        foreach (var (homelab, kubernetes) in Pairs)
        {
            Rename(labels, homelab, kubernetes);
        }
    }

    public static void ToHomelab(JsonObject labels)
    {
        foreach (var (homelab, kubernetes) in Pairs)
        {
            Rename(labels, kubernetes, homelab);
        }
    }

    private static void Rename(JsonObject labels, string from, string to)
    {
        if (labels.Remove(from, out var value))
        {
            labels[to] = value;
        }
    }
}
