using Homelab.Cli.Client;

namespace Homelab.Cli;

/// <summary>What every command handler needs from the outside world; tests build one over string writers and a fake clock.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, TimeProvider time, Func<string, HomelabClient> connect, Func<string, string?> environment, TextReader input)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public TimeProvider Time { get; } = time;
    public TextReader In { get; } = input;

    public HomelabClient Connect(string? socketOption) => connect(SocketPath.Resolve(socketOption, environment));

    public static CliContext ForConsole() =>
        new(Console.Out, Console.Error, TimeProvider.System, path => new HomelabClient(path), Environment.GetEnvironmentVariable, Console.In);
}
