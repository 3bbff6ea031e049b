using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;
using Homelab.Cli.Apply;
using Homelab.Cli.Printing;

namespace Homelab.Cli.Commands;

/// <summary>
/// `hlctl create secret generic NAME --from-literal k=v --from-file [key=]path` and `hlctl create secret tls NAME --cert
/// --key`, as kubectl has them. With --dry-run=client -o yaml it prints the manifest (values included: that is what it
/// was asked for) for a file kept out of version control.
/// </summary>
internal sealed class CreateSecretCommand(CliContext ctx, Option<string?> socket)
{
    public Command Build()
    {
        var create = new Command("create", "Create a resource from the command line");
        var secret = new Command("secret", "Create a Secret");
        secret.Add(Generic());
        secret.Add(Tls());
        create.Add(secret);
        return create;
    }

    private Command Generic()
    {
        var name = new Argument<string>("NAME") { Description = "The Secret's name" };
        var literals = new Option<string[]>("--from-literal") { Description = "KEY=VALUE; repeatable", AllowMultipleArgumentsPerToken = false };
        var files = new Option<string[]>("--from-file") { Description = "[KEY=]PATH: the file's bytes under KEY (default: the file's name); repeatable" };
        var (ns, dryRun, output) = (CommonOptions.Namespace(), DryRunOption(), OutputOption());
        var command = new Command("generic", "Create a Secret from literal values and files") { name, literals, files, ns, dryRun, output };
        command.SetAction((r, ct) => CommandRunner.RunAsync(ctx, async () =>
        {
            var data = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var literal in r.GetValue(literals) ?? [])
            {
                var (key, value) = Split(literal, "--from-literal", "KEY=VALUE");
                Add(data, key, Encoding.UTF8.GetBytes(value));
            }
            foreach (var file in r.GetValue(files) ?? [])
            {
                var (key, path) = file.Contains('=', StringComparison.Ordinal) ? Split(file, "--from-file", "[KEY=]PATH") : (Path.GetFileName(file), file);
                Add(data, key, await ReadAsync(path, ct).ConfigureAwait(false));
            }
            return await CreateAsync(r.GetValue(socket), r.GetValue(name)!, r.GetValue(ns)!, SecretTypes.Opaque, data, r.GetValue(dryRun)!, r.GetValue(output)!, ct).ConfigureAwait(false);
        }));
        return command;
    }

    private Command Tls()
    {
        var name = new Argument<string>("NAME") { Description = "The Secret's name" };
        var cert = new Option<string>("--cert") { Description = "PEM certificate (chain) file", Required = true };
        var key = new Option<string>("--key") { Description = "PEM private key file", Required = true };
        var (ns, dryRun, output) = (CommonOptions.Namespace(), DryRunOption(), OutputOption());
        var command = new Command("tls", "Create a kubernetes.io/tls Secret from a certificate and its key") { name, cert, key, ns, dryRun, output };
        command.SetAction((r, ct) => CommandRunner.RunAsync(ctx, async () =>
        {
            var data = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [SecretTypes.TlsCertificateKey] = await ReadAsync(r.GetValue(cert)!, ct).ConfigureAwait(false),
                [SecretTypes.TlsPrivateKeyKey] = await ReadAsync(r.GetValue(key)!, ct).ConfigureAwait(false),
            };
            return await CreateAsync(r.GetValue(socket), r.GetValue(name)!, r.GetValue(ns)!, SecretTypes.Tls, data, r.GetValue(dryRun)!, r.GetValue(output)!, ct).ConfigureAwait(false);
        }));
        return command;
    }

    private async Task<int> CreateAsync(string? socketPath, string name, string ns, string type, SortedDictionary<string, byte[]> data, string dryRun, string output, CancellationToken ct)
    {
        var secret = new JsonObject
        {
            ["apiVersion"] = ApiGroup.ApiVersion,
            ["kind"] = ResourceKinds.Secret.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["type"] = type,
            ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)Convert.ToBase64String(d.Value)))),
        };
        if (dryRun == DryRun.Client)
        {
            await ctx.Out.WriteAsync(output.Length == 0 ? ObjectPrinter.Name(ResourceKinds.Secret, secret).TrimEnd('\n') + " created (dry run)\n" : ObjectPrinter.Format(output, secret)).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        using var client = ctx.Connect(socketPath);
        var created = await client.CreateAsync(ApiPaths.For(ResourceKinds.Secret, ns), secret, ct).ConfigureAwait(false);
        await ctx.Out.WriteAsync(output.Length == 0 ? $"secret/{name} created\n" : ObjectPrinter.Format(output, SecretMask.Hide(created))).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static void Add(SortedDictionary<string, byte[]> data, string key, byte[] value)
    {
        if (!data.TryAdd(key, value))
        {
            throw new CliException($"key \"{key}\" is given twice");
        }
    }

    private static (string Key, string Value) Split(string text, string option, string shape)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? (text[..equals], text[(equals + 1)..]) : throw new CliException($"{option}: expected {shape}, got an argument without a key");
    }

    private static async Task<byte[]> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }

    private static Option<string> DryRunOption()
    {
        var option = new Option<string>("--dry-run") { Description = "client: print the Secret instead of creating it (none: create it)", DefaultValueFactory = _ => DryRun.None };
        option.AcceptOnlyFromAmong(DryRun.None, DryRun.Client);
        return option;
    }

    private static Option<string> OutputOption()
    {
        var option = new Option<string>("--output", "-o") { Description = "yaml or json", DefaultValueFactory = _ => "" };
        option.AcceptOnlyFromAmong(OutputFormat.Yaml, OutputFormat.Json);
        return option;
    }
}
