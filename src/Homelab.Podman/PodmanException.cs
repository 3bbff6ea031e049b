namespace Homelab.Podman;

/// <summary>A podman command failed; <see cref="Message"/> carries Podman's own error text.</summary>
public sealed class PodmanException : Exception
{
    public PodmanException(string command, int exitCode, string error)
        : base($"{command}: {(string.IsNullOrWhiteSpace(error) ? $"exit code {exitCode}" : error.Trim())}")
    {
        Command = command;
        ExitCode = exitCode;
        PodmanError = error.Trim();
    }

    public PodmanException(string message, Exception? inner = null)
        : base(message, inner)
    {
        Command = "";
        PodmanError = message;
    }

    public string Command { get; }

    public int ExitCode { get; }

    /// <summary>Podman's stderr, trimmed: what a user should read.</summary>
    public string PodmanError { get; }

    /// <summary>Podman says "… already exists" for a name that is taken.</summary>
    public bool IsAlreadyExists => PodmanError.Contains("already exists", StringComparison.OrdinalIgnoreCase);

    /// <summary>The signature policy of the pull refused the image (containers/image's "Source image rejected: …").</summary>
    public bool IsImageRejected => PodmanError.Contains("Source image rejected", StringComparison.Ordinal);

    /// <summary>Podman says "no such …" / "not found" for objects that do not exist.</summary>
    public bool IsNotFound =>
        PodmanError.Contains("no such", StringComparison.OrdinalIgnoreCase)
        || PodmanError.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || PodmanError.Contains("not known", StringComparison.OrdinalIgnoreCase)
        || PodmanError.Contains("does not exist", StringComparison.OrdinalIgnoreCase);
}
