using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl explain-access FROM TO --port P`: whether the network policies allow it and which ones decide. Exit 0 allowed, 1 denied (like `kubectl auth can-i`).</summary>
internal sealed class ExplainAccessCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Argument<string> _from = new("FROM") { Description = "Source Service (name or namespace/name), an IP address, or host" };
    private readonly Argument<string> _to = new("TO") { Description = "Destination Service (name or namespace/name), an IP address, or host" };
    private readonly Option<int> _port = new("--port") { Description = "Destination port", Required = true };
    private readonly Option<string> _protocol = CreateProtocol();
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<string> _output = CreateOutput();

    public Command Build()
    {
        var command = new Command("explain-access", "Explain whether traffic between two Services is allowed, and by which policies");
        command.Add(_from);
        command.Add(_to);
        command.Add(_port);
        command.Add(_protocol);
        command.Add(_namespace);
        command.Add(_output);
        command.SetAction((r, ct) => RunAsync(r.GetValue(socket), r.GetValue(_from)!, r.GetValue(_to)!, r.GetValue(_port), r.GetValue(_protocol)!, r.GetValue(_namespace)!, r.GetValue(_output)!, ct));
        return command;
    }

    public Task<int> RunAsync(string? socketPath, string from, string to, int port, string protocol, string ns, string output, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        if (port is < 1 or > 65535)
        {
            throw new CliException($"--port {port}: must be between 1 and 65535");
        }
        var path = $"{ApiPaths.ExplainAccess}?from={Uri.EscapeDataString(Qualify(from, ns))}&to={Uri.EscapeDataString(Qualify(to, ns))}"
            + $"&port={port.ToString(CultureInfo.InvariantCulture)}&protocol={Uri.EscapeDataString(protocol.ToUpperInvariant())}";
        using var client = ctx.Connect(socketPath);
        var answer = await client.GetAsync(path, ct).ConfigureAwait(false);
        await ctx.Out.WriteAsync(output == OutputFormat.Json ? ObjectPrinter.Json(answer) : Render(answer)).ConfigureAwait(false);
        return answer["allowed"]?.GetValueKind() == System.Text.Json.JsonValueKind.True ? ExitCodes.Success : ExitCodes.Error;
    });

    /// <summary>The daemon's name for the node itself as a party.</summary>
    public const string Host = "host";

    /// <summary>"web" means web in -n's namespace; "media/web", IP addresses and "host" pass as they are.</summary>
    public static string Qualify(string endpoint, string ns) =>
        endpoint.Contains('/', StringComparison.Ordinal) || endpoint == Host || System.Net.IPAddress.TryParse(endpoint, out _) ? endpoint : $"{ns}/{endpoint}";

    public static string Render(JsonObject answer)
    {
        var allowed = answer["allowed"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var text = new StringBuilder();
        text.Append("Allowed:  ").Append(allowed ? "yes" : "no").Append('\n');
        text.Append("Reason:   ").Append(JsonText.String(answer["reason"]) ?? "").Append('\n');
        foreach (var direction in new[] { "egress", "ingress" })
        {
            if (answer[direction] is JsonObject verdict)
            {
                var ok = verdict["allowed"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
                text.Append(Describer.Title(direction)).Append(':').Append(new string(' ', 9 - direction.Length))
                    .Append(ok ? "allowed" : "denied").Append(" — ").Append(JsonText.String(verdict["reason"]) ?? "").Append('\n');
            }
        }
        var policies = answer["policies"] as JsonArray ?? [];
        text.Append("Policies:");
        if (policies.Count == 0)
        {
            text.Append(" <none>\n");
        }
        else
        {
            text.Append('\n');
            foreach (var policy in policies)
            {
                text.Append("  ").Append(PolicyLine(policy)).Append('\n');
            }
        }
        // What in the nft table makes the decision: set elements, rule lines, or the isolation that drops.
        if (answer["enforcement"] is JsonArray { Count: > 0 } enforcement)
        {
            text.Append("Enforced by (nft):\n");
            foreach (var entry in enforcement)
            {
                text.Append("  ").Append(JsonText.String(entry)).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string PolicyLine(JsonNode? policy)
    {
        if (policy is not JsonObject obj)
        {
            return JsonText.String(policy) ?? "";
        }
        var name = JsonText.String(obj["namespace"]) is { } ns ? $"{ns}/{JsonText.String(obj["name"])}" : JsonText.String(obj["name"]) ?? "";
        var details = obj.Where(p => p.Key is not "name" and not "namespace").Select(p => $"{p.Key}={JsonText.String(p.Value)}");
        var rest = string.Join(", ", details);
        return rest.Length == 0 ? name : $"{name} ({rest})";
    }

    private static Option<string> CreateProtocol()
    {
        var option = new Option<string>("--protocol") { Description = "TCP or UDP", DefaultValueFactory = _ => "TCP" };
        option.AcceptOnlyFromAmong("TCP", "UDP", "tcp", "udp");
        return option;
    }

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o") { Description = "json for the raw answer", DefaultValueFactory = _ => "" };
        option.AcceptOnlyFromAmong(OutputFormat.Json);
        return option;
    }
}
