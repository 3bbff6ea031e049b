using Homelab.Cli.Client;
using Homelab.Cli.Adopt;

namespace Homelab.Cli;

/// <summary>What every command handler needs from the outside world; tests build one over string writers and a fake clock.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, TimeProvider time, Func<string, HomelabClient> connect, Func<string, string?> environment, TextReader input, IContainerInspector? containers = null)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public TimeProvider Time { get; } = time;
    public TextReader In { get; } = input;

    /// <summary>The containers running outside Homelab, which import --adopt compares with (Podman; tests give their own).</summary>
    public IContainerInspector Containers { get; } = containers ?? new PodmanInspector();

    /// <summary>The process environment (tests give their own): what Compose interpolation reads.</summary>
    public string? Variable(string name) => environment(name);

    /// <summary>A client whose daemon warnings are printed on stderr as kubectl prints them ("Warning: …").</summary>
    public HomelabClient Connect(string? socketOption)
    {
        var client = connect(SocketPath.Resolve(socketOption, environment));
        client.OnWarning = warning => Err.WriteLine($"Warning: {warning}");
        return client;
    }

    public static CliContext ForConsole() =>
        new(Console.Out, Console.Error, TimeProvider.System, path => new HomelabClient(path), Environment.GetEnvironmentVariable, Console.In);
}
