using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Printing;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Printing;

/// <summary>kubectl describe's layout: identity, labels and annotations, spec and status as an indented tree, then Conditions and Events tables.</summary>
internal static class Describer
{
    private const string Indent = "  ";

    /// <param name="access">For a Service: its effective access as the firewall compiles it (GET …/access), else null.</param>
    /// <param name="hostIpv6">For a Service: what the daemon's ipv6-route check says of the host's IPv6 route, if it ran.</param>
    public static string Describe(JsonObject obj, IReadOnlyList<EventInfo> events, DateTimeOffset now, JsonObject? access = null, string? hostIpv6 = null)
    {
        var text = new StringBuilder();
        var metadata = obj["metadata"] as JsonObject ?? [];
        var top = new List<(string, string)> { ("Name:", JsonText.Name(obj)) };
        if (JsonText.Namespace(obj) is { Length: > 0 } ns)
        {
            top.Add(("Namespace:", ns));
        }
        top.Add(("Labels:", KeyValues(metadata["labels"], " ")));
        top.Add(("Annotations:", KeyValues(WithoutLastApplied(metadata["annotations"]), " ")));
        top.Add(("API Version:", JsonText.String(obj["apiVersion"]) ?? ""));
        top.Add(("Kind:", JsonText.Kind(obj)));
        top.Add(("Created:", JsonText.Time(metadata["creationTimestamp"]) is { } created ? $"{created:u} ({Age.Format(now - created)} ago)" : Age.Unknown));
        top.Add(("Generation:", JsonText.String(metadata["generation"]) ?? "<none>"));
        if (JsonText.String(metadata["deletionTimestamp"]) is { } deleting)
        {
            top.Add(("Deleting Since:", deleting));
        }
        if (metadata["finalizers"] is JsonArray { Count: > 0 } finalizers)
        {
            top.Add(("Finalizers:", string.Join(", ", finalizers.Select(f => JsonText.String(f)))));
        }
        if (SecretMask.IsSecret(obj))
        {
            top.Add(("Type:", JsonText.String(obj["type"]) ?? "Opaque"));
            top.Add(("Immutable:", obj["immutable"]?.GetValue<bool>() == true ? "true" : "false"));
        }
        AppendAligned(text, "", top);
        if (SecretMask.IsSecret(obj))
        {
            // Sizes only, as kubectl describe shows a Secret.
            text.Append("Data\n====\n");
            foreach (var line in SecretMask.Sizes(obj))
            {
                text.Append(line).Append('\n');
            }
        }

        if (obj["spec"] is JsonObject { Count: > 0 } spec)
        {
            text.Append("Spec:\n");
            AppendTree(text, spec, Indent);
        }
        var status = obj["status"] as JsonObject;
        var statusRest = status?.DeepClone() as JsonObject;
        statusRest?.Remove("conditions");
        if (statusRest is { Count: > 0 })
        {
            text.Append("Status:\n");
            AppendTree(text, statusRest, Indent);
        }
        if (access is not null)
        {
            AppendAccess(text, access, status, hostIpv6);
        }
        AppendConditions(text, status?["conditions"] as JsonArray, now);
        AppendEvents(text, events, now);
        return text.ToString();
    }

    /// <summary>"containerPort" → "Container Port", as kubectl shows fields of custom resources.</summary>
    public static string Title(string camel)
    {
        var text = new StringBuilder(camel.Length + 4);
        for (var i = 0; i < camel.Length; i++)
        {
            var c = camel[i];
            if (i == 0)
            {
                text.Append(char.ToUpperInvariant(c));
            }
            else if (char.IsUpper(c) && !char.IsUpper(camel[i - 1]))
            {
                text.Append(' ').Append(c);
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    private static JsonNode? WithoutLastApplied(JsonNode? annotations)
    {
        if (annotations is not JsonObject obj)
        {
            return null;
        }
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove(ApiGroup.LastAppliedAnnotation);
        return copy;
    }

    private static string KeyValues(JsonNode? map, string indent)
    {
        var pairs = JsonText.Map(map);
        return pairs.Count == 0 ? "<none>" : string.Join("\n" + new string(' ', 14) + indent.TrimEnd(), pairs.Select(p => $"{p.Key}={p.Value}"));
    }

    private static void AppendAligned(StringBuilder text, string indent, IReadOnlyList<(string Key, string Value)> rows)
    {
        var width = Math.Max(13, rows.Max(r => r.Key.Length) + 1);
        foreach (var (key, value) in rows)
        {
            text.Append(indent).Append(key.PadRight(width)).Append(' ').Append(value).Append('\n');
        }
    }

    private static void AppendTree(StringBuilder text, JsonObject obj, string indent)
    {
        var width = obj.Select(p => Title(p.Key).Length + 1).DefaultIfEmpty(0).Max();
        foreach (var (key, value) in obj)
        {
            var label = (Title(key) + ":").PadRight(width);
            switch (value)
            {
                case JsonObject child when child.Count == 0:
                    text.Append(indent).Append(label).Append("  <none>\n");
                    break;
                case JsonObject child:
                    text.Append(indent).Append(Title(key)).Append(":\n");
                    AppendTree(text, child, indent + Indent);
                    break;
                case JsonArray array when array.All(i => i is not JsonObject and not JsonArray):
                    text.Append(indent).Append(label).Append("  ").Append(array.Count == 0 ? "<none>" : string.Join(", ", array.Select(i => JsonText.String(i)))).Append('\n');
                    break;
                case JsonArray array:
                    text.Append(indent).Append(Title(key)).Append(":\n");
                    foreach (var item in array)
                    {
                        if (item is JsonObject element)
                        {
                            var nested = new StringBuilder();
                            AppendTree(nested, element, indent + Indent + Indent);
                            // Mark where each element starts, as the tree would otherwise run list items together.
                            var lines = nested.ToString();
                            text.Append(indent).Append(Indent).Append("- ").Append(lines.AsSpan(indent.Length + 2 * Indent.Length));
                        }
                        else
                        {
                            text.Append(indent).Append(Indent).Append("- ").Append(JsonText.String(item)).Append('\n');
                        }
                    }
                    break;
                default:
                    var scalar = JsonText.String(value) ?? "<none>";
                    if (scalar.Contains('\n', StringComparison.Ordinal))
                    {
                        text.Append(indent).Append(Title(key)).Append(":\n");
                        foreach (var line in scalar.TrimEnd('\n').Split('\n'))
                        {
                            text.Append(indent).Append(Indent).Append(line).Append('\n');
                        }
                    }
                    else
                    {
                        text.Append(indent).Append(label).Append("  ").Append(scalar).Append('\n');
                    }
                    break;
            }
        }
    }

    /// <summary>Per direction: isolated or not, by which policies, and each rule that opens it.</summary>
    private static void AppendAccess(StringBuilder text, JsonObject access, JsonObject? status, string? hostIpv6)
    {
        text.Append("Access:\n");
        foreach (var (direction, peerWord) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            var label = Title(direction) + ":";
            if (access[direction + "Isolated"]?.GetValue<bool>() != true)
            {
                text.Append(Indent).Append(label.PadRight(9)).Append("all allowed (no policy selects it for ").Append(Title(direction)).Append(")\n");
                continue;
            }
            var policies = (access[direction + "Policies"] as JsonArray ?? []).Select(p => JsonText.String(p));
            text.Append(Indent).Append(label.PadRight(9)).Append("isolated by ").Append(string.Join(", ", policies)).Append('\n');
            var rules = (access[direction + "Rules"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (rules.Count == 0)
            {
                text.Append(Indent).Append(Indent).Append("nothing allowed\n");
                continue;
            }
            var table = new Table(["RULE", "ALLOWS"]);
            foreach (var rule in rules)
            {
                var ports = JsonText.String(rule["ports"]) is { Length: > 0 } p ? p : "all ports";
                table.Add([JsonText.String(rule["rule"]) ?? "", $"{peerWord} {JsonText.String(rule["peers"])} on {ports}"]);
            }
            foreach (var line in table.Render(withHeaders: false).TrimEnd('\n').Split('\n'))
            {
                text.Append(Indent).Append(Indent).Append(line).Append('\n');
            }
        }
        // Policies apply to both families; a single-stack Service sends no IPv6 at all, and a host without an IPv6 route
        // reaches no outside IPv6 address: said here once, beside the rules it qualifies.
        var ipv6 = (status?["ips"] as JsonArray ?? []).Select(JsonText.String).FirstOrDefault(ip => ip?.Contains(':', StringComparison.Ordinal) == true);
        text.Append(Indent).Append("IPv6:".PadRight(9)).Append(ipv6 is not null
            ? $"{ipv6}; the rules above apply to both families\n"
            : "none: the Service is single-stack (ipFamilyPolicy SingleStack) or not running; IPv6 it sends is dropped\n");
        if (ipv6 is not null && hostIpv6 is not null)
        {
            text.Append(Indent).Append(' ', 9).Append(hostIpv6).Append('\n');
        }
    }

    private static void AppendConditions(StringBuilder text, JsonArray? conditions, DateTimeOffset now)
    {
        text.Append("Conditions:");
        if (conditions is null || conditions.Count == 0)
        {
            text.Append("\n  <none>\n");
            return;
        }
        text.Append('\n');
        var table = new Table(["Type", "Status", "Reason", "Observed Generation", "Last Transition", "Message"]);
        table.Add(["----", "------", "------", "-------------------", "---------------", "-------"]);
        foreach (var condition in conditions.OfType<JsonObject>())
        {
            table.Add([
                JsonText.String(condition["type"]) ?? "",
                JsonText.String(condition["status"]) ?? "",
                JsonText.String(condition["reason"]) ?? "",
                JsonText.String(condition["observedGeneration"]) ?? "",
                Age.Since(JsonText.Time(condition["lastTransitionTime"]), now),
                JsonText.String(condition["message"]) ?? "",
            ]);
        }
        AppendIndented(text, table.Render());
    }

    private static void AppendEvents(StringBuilder text, IReadOnlyList<EventInfo> events, DateTimeOffset now)
    {
        text.Append("Events:");
        if (events.Count == 0)
        {
            text.Append("  <none>\n");
            return;
        }
        text.Append('\n');
        var table = new Table(["Type", "Reason", "Age", "From", "Message"]);
        table.Add(["----", "------", "----", "----", "-------"]);
        foreach (var e in events.OrderBy(e => e.LastTimestamp))
        {
            table.Add([e.Type, e.Reason, Commands.EventsCommand.LastSeen(e, now), e.Source, e.Message]);
        }
        AppendIndented(text, table.Render());
    }

    private static void AppendIndented(StringBuilder text, string block)
    {
        foreach (var line in block.TrimEnd('\n').Split('\n'))
        {
            text.Append(Indent).Append(line).Append('\n');
        }
    }
}
