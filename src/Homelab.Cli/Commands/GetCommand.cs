using System.CommandLine;
using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Cli.Client;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>`hlctl get KIND [NAME…]`: tables, -o yaml|json|wide|name|nft, -l, -A, --watch.</summary>
internal sealed class GetCommand(CliContext ctx, Option<string?> socket)
{
    private readonly Argument<string> _kind = new("KIND") { Description = "services (svc), networkpolicies (netpol), updatepolicies (up), namespaces (ns), secrets" };
    private readonly Argument<string[]> _names = new("NAME") { Description = "Names to get; all when omitted", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string> _namespace = CommonOptions.Namespace();
    private readonly Option<bool> _all = CommonOptions.AllNamespaces();
    private readonly Option<string?> _selector = new("--selector", "-l") { Description = "Label selector, e.g. app=web,tier!=db" };
    private readonly Option<string> _output = CreateOutput();
    private readonly Option<bool> _watch = new("--watch", "-w") { Description = "After listing, print changes as they happen" };
    private readonly Option<bool> _showSecrets = new("--show-secrets") { Description = "Print Secret values in -o yaml|json (hidden otherwise, unlike kubectl)" };

    public Command Build()
    {
        var command = new Command("get", "Display one or many resources");
        command.Add(_kind);
        command.Add(_names);
        command.Add(_namespace);
        command.Add(_all);
        command.Add(_selector);
        command.Add(_output);
        command.Add(_watch);
        command.Add(_showSecrets);
        command.SetAction((r, ct) => RunAsync(
            new GetRequest(r.GetValue(socket), r.GetValue(_kind)!, r.GetValue(_names) ?? [], r.GetValue(_namespace)!, r.GetValue(_all), r.GetValue(_selector), r.GetValue(_output) ?? "", r.GetValue(_watch), r.GetValue(_showSecrets)),
            ct));
        return command;
    }

    public Task<int> RunAsync(GetRequest request, CancellationToken ct) => CommandRunner.RunAsync(ctx, async () =>
    {
        var kind = KindResolver.Resolve(request.Kind);
        if (request.Output == OutputFormat.Nft && kind != ResourceKinds.NetworkPolicy)
        {
            throw new CliException("-o nft is only for networkpolicies");
        }
        if (request.Output == OutputFormat.Nft && request.Names.Count == 0)
        {
            throw new CliException("-o nft needs the name of a network policy");
        }
        if (request.Watch && request.Output is OutputFormat.Nft)
        {
            throw new CliException("--watch does not work with -o nft");
        }
        if (request.Selector is not null && !LabelSelectorParser.TryParse(request.Selector, out _, out var selectorError))
        {
            throw new CliException($"-l \"{request.Selector}\": {selectorError}");
        }
        var ns = request.AllNamespaces || !kind.Namespaced ? null : request.Namespace;
        using var client = ctx.Connect(request.Socket);

        if (request.Output == OutputFormat.Nft)
        {
            foreach (var name in request.Names)
            {
                await ctx.Out.WriteAsync(await client.GetTextAsync(Api.Protocol.ApiPaths.NetworkPolicyNft(ns ?? request.Namespace, name), ct).ConfigureAwait(false)).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        }

        var (fetched, resourceVersion, exitCode) = await FetchAsync(client, kind, ns, request, ct).ConfigureAwait(false);
        var objects = request.ShowSecrets ? fetched : fetched.Select(SecretMask.Hide).ToList();
        var table = new ResourceTable(kind, request.Output == OutputFormat.Wide, request.AllNamespaces);
        var whole = request.Output is OutputFormat.Json or OutputFormat.Yaml;
        if (objects.Count == 0 && exitCode == ExitCodes.Success && request.Names.Count == 0 && whole)
        {
            // As kubectl: -o json|yaml of nothing is an empty List, so a script reading stdout gets a document.
            await ctx.Out.WriteAsync(Render(kind, objects, table, request)).ConfigureAwait(false);
        }
        else if (objects.Count == 0 && exitCode == ExitCodes.Success && request.Names.Count == 0)
        {
            await ctx.Err.WriteLineAsync(NoResources(kind, ns)).ConfigureAwait(false);
        }
        else if (objects.Count > 0)
        {
            await ctx.Out.WriteAsync(Render(kind, objects, table, request)).ConfigureAwait(false);
        }
        if (!request.Watch)
        {
            return exitCode;
        }
        await WatchAsync(client, kind, ns, resourceVersion, table, objects, request, ct).ConfigureAwait(false);
        return exitCode;
    });

    private async Task<(List<JsonObject> Objects, string ResourceVersion, int ExitCode)> FetchAsync(HomelabClient client, KindInfo kind, string? ns, GetRequest request, CancellationToken ct)
    {
        if (request.Names.Count == 0)
        {
            var list = await client.ListAsync(kind, ns, request.Selector, ct).ConfigureAwait(false);
            return ([.. list.Items], list.ResourceVersion, ExitCodes.Success);
        }
        var objects = new List<JsonObject>();
        var exitCode = ExitCodes.Success;
        var resourceVersion = "0";
        foreach (var name in request.Names)
        {
            try
            {
                var obj = await client.GetAsync(Api.Protocol.ApiPaths.For(kind, ns ?? request.Namespace, name), ct).ConfigureAwait(false);
                obj["kind"] ??= kind.Kind;
                objects.Add(obj);
                resourceVersion = MaxVersion(resourceVersion, JsonText.String(obj["metadata"]?["resourceVersion"]));
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                await ctx.Err.WriteLineAsync($"Error from server (NotFound): {kind.Plural} \"{name}\" not found").ConfigureAwait(false);
                exitCode = ExitCodes.Error;
            }
        }
        return (objects, resourceVersion, exitCode);
    }

    private string Render(KindInfo kind, IReadOnlyList<JsonObject> objects, ResourceTable table, GetRequest request) => request.Output switch
    {
        OutputFormat.Yaml or OutputFormat.Json => ObjectPrinter.Format(request.Output, request.Names.Count == 1 && objects.Count == 1 ? objects[0] : ObjectPrinter.List(objects)),
        OutputFormat.Name => string.Concat(objects.Select(o => ObjectPrinter.Name(kind, o))),
        _ when request.Output.StartsWith(JsonPathTemplate.Prefix, StringComparison.Ordinal) =>
            Template(request.Output).Render(request.Names.Count == 1 && objects.Count == 1 ? objects[0] : ObjectPrinter.List(objects)),
        _ => table.Build(objects, ctx.Time.GetUtcNow()).Render(),
    };

    private async Task WatchAsync(HomelabClient client, KindInfo kind, string? ns, string resourceVersion, ResourceTable table, IReadOnlyList<JsonObject> initial, GetRequest request, CancellationToken ct)
    {
        var widths = table.Build(initial, ctx.Time.GetUtcNow()).Widths();
        var headerPrinted = initial.Count > 0;
        await ctx.Out.FlushAsync(ct).ConfigureAwait(false);
        try
        {
            await foreach (var change in client.WatchAsync(kind, ns, resourceVersion, request.Selector, ct).ConfigureAwait(false))
            {
                if (change.Type == ApiWatchEvent.Bookmark || (request.Names.Count > 0 && !request.Names.Contains(JsonText.Name(change.Object))))
                {
                    continue;
                }
                string text;
                if (request.Output is OutputFormat.Table or OutputFormat.Wide)
                {
                    text = headerPrinted ? "" : Table.RenderRow(table.Headers, widths);
                    headerPrinted = true;
                    text += Table.RenderRow(table.Row(change.Object, ctx.Time.GetUtcNow()), widths);
                }
                else
                {
                    var shown = request.ShowSecrets ? change.Object : SecretMask.Hide(change.Object);
                    text = request.Output switch
                    {
                        OutputFormat.Yaml => "---\n" + ObjectPrinter.Yaml(shown),
                        OutputFormat.Json => ObjectPrinter.Json(shown),
                        _ => ObjectPrinter.Name(kind, change.Object),
                    };
                }
                await ctx.Out.WriteAsync(text).ConfigureAwait(false);
                await ctx.Out.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C ends a watch; that is how it is meant to stop.
        }
    }

    public static string NoResources(KindInfo kind, string? ns) =>
        ns is null || !kind.Namespaced ? "No resources found" : $"No resources found in {ns} namespace.";

    private static string MaxVersion(string a, string? b) =>
        long.TryParse(b, out var vb) && (!long.TryParse(a, out var va) || vb > va) ? b! : a;

    private static JsonPathTemplate Template(string output) =>
        JsonPathTemplate.TryParse(output[JsonPathTemplate.Prefix.Length..], out var template, out var error) ? template : throw new CliException($"-o {output}: {error}");

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o") { Description = "Output format: wide, yaml, json, name, nft (networkpolicies), jsonpath=TEMPLATE", DefaultValueFactory = _ => "" };
        option.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (value.StartsWith(JsonPathTemplate.Prefix, StringComparison.Ordinal))
            {
                if (!JsonPathTemplate.TryParse(value[JsonPathTemplate.Prefix.Length..], out _, out var error))
                {
                    result.AddError($"-o {value}: {error}");
                }
            }
            else if (value.Length > 0 && !OutputFormat.ForGet.Contains(value))
            {
                result.AddError($"Argument '{value}' not recognized. Must be one of: {string.Join(", ", OutputFormat.ForGet.Select(f => $"'{f}'"))}, 'jsonpath=TEMPLATE'");
            }
        });
        return option;
    }
}

internal sealed record GetRequest(string? Socket, string Kind, IReadOnlyList<string> Names, string Namespace, bool AllNamespaces, string? Selector, string Output, bool Watch, bool ShowSecrets = false);
