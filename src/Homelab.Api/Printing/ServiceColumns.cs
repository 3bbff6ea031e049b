using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

public sealed class ServiceColumns : IKindColumns
{
    private const string Pending = "Pending";

    public IReadOnlyList<string> Headers(bool wide) => wide
        ? ["NAME", "IMAGE", "READY", "STATUS", "RESTARTS", "PORTS", "AGE", "IP", "NETWORK", "PRIVILEGES"]
        : ["NAME", "IMAGE", "READY", "STATUS", "RESTARTS", "PORTS", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var service = LenientJson.To<Service>(obj);
        var ready = Conditions.Current(service.Status, ConditionTypes.Ready, service.Generation);
        var cells = new List<string>
        {
            service.Name,
            service.Spec.Image,
            ready?.Status == ConditionStatus.True ? "1/1" : "0/1",
            string.IsNullOrEmpty(ready?.Reason) ? Pending : ready.Reason,
            Restarts(service.Status),
            Ports(service.Spec.Ports),
            Age.Since(service.Metadata.CreationTimestamp, now),
        };
        if (wide)
        {
            // kubectl's IP column for a dual-stack Pod lists podIPs; an older status has only ip.
            cells.Add(service.Status?.Ips is { Count: > 0 } ips ? string.Join(',', ips) : Or(service.Status?.Ip));
            cells.Add(Or(service.Status?.Network));
            cells.Add(PrivilegeSummary.Format(service.Spec));
        }
        return cells;
    }

    /// <summary>kubectl's PORT(S) style: 8080:80/TCP when published on the host, 53/UDP when not.</summary>
    public static string Ports(IReadOnlyList<ServicePort>? ports) => ports is null || ports.Count == 0
        ? SelectorText.None
        : string.Join(',', ports.Select(p => $"{(p.HostPort is { } host ? $"{host}:" : "")}{p.ContainerPort}/{p.Protocol ?? "TCP"}"));

    /// <summary>kubectl's RESTARTS: the count, and how long ago the container last ended when it did.</summary>
    private static string Restarts(ServiceStatus? status) =>
        (status?.RestartCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (status?.RestartCount > 0 && status.LastTerminationReason is { } reason ? $" ({reason})" : "");

    private static string Or(string? value) => string.IsNullOrEmpty(value) ? SelectorText.None : value;
}
