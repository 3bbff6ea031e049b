namespace Homelab.Cli.Tests.Reliability.Faults;

/// <summary>
/// A stand-in for podman or nft that homelabd runs instead of the real one (Podman__PodmanPath, Nft__NftPath): a shell
/// script that reads a mode file on every call and passes through, hangs, fails or prints garbage. The test flips the
/// mode while the daemon runs.
/// </summary>
internal sealed class FaultyCommand
{
    private readonly string _modeFile;

    private FaultyCommand(string directory, string name, string body)
    {
        Path = System.IO.Path.Combine(directory, name);
        _modeFile = Path + ".mode";
        Set(FaultMode.Pass);
        var real = Which(name);
        File.WriteAllText(Path, $"#!/bin/bash\nmode=$(cat '{_modeFile}')\nreal='{real}'\n{body}\nexec \"$real\" \"$@\"\n");
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    /// <summary>
    /// Every podman command that should finish hangs, fails or prints garbage; the long-running ones (the event
    /// stream, the API service, logs) pass, so the faults land on the commands that have a timeout.
    /// </summary>
    public static FaultyCommand Podman(string directory) => new(directory, "podman", """
        case "$1" in events|system|logs) mode=pass ;; esac
        case "$mode" in
          hang) exec sleep 600 ;;
          fail) echo 'Error: injected fault: podman is broken' >&2; exit 125 ;;
          garbage) echo '<html>502 Bad Gateway</html>'; exit 0 ;;
        esac
        """);

    /// <summary>
    /// Only a load (<c>nft -f -</c>; a check is <c>nft -c -f -</c>) is hit: it hangs, or the real nft gets the whole
    /// transaction with one more command that cannot succeed, so it fails after reading everything before it.
    /// </summary>
    public static FaultyCommand Nft(string directory) => new(directory, "nft", """
        if [[ "$*" == "-f -" ]]; then
          case "$mode" in
            hang) exec sleep 600 ;;
            fail) { cat; echo 'add rule inet hltest-no-such-table input drop'; } | "$real" -f -; exit "${PIPESTATUS[1]}" ;;
          esac
        fi
        """);

    public void Set(FaultMode mode) => File.WriteAllText(_modeFile, mode.ToString().ToLowerInvariant());

    private static string Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Select(dir => System.IO.Path.Combine(dir, program))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{program} is not on PATH");
}
