namespace Homelab.Registry.Auth;

/// <summary>Podman's auth file search order (containers-auth.json(5)), then Docker's config as a fallback.</summary>
internal static class AuthFileLocations
{
    public static IReadOnlyList<string> Default(Func<string, string?> environment, uint uid)
    {
        var files = new List<string>();
        if (environment("REGISTRY_AUTH_FILE") is { Length: > 0 } explicitFile)
        {
            files.Add(explicitFile);
        }
        files.Add($"/run/containers/{uid}/auth.json");
        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir)
        {
            files.Add(Path.Combine(runtimeDir, "containers", "auth.json"));
        }
        if (environment("HOME") is { Length: > 0 } home)
        {
            files.Add(Path.Combine(home, ".config", "containers", "auth.json"));
            files.Add(Path.Combine(home, ".docker", "config.json"));
        }
        return files;
    }
}
