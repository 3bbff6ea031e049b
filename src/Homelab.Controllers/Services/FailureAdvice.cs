namespace Homelab.Controllers.Services;

/// <summary>
/// What the user can do about a failure whose cause lies outside what the Service controller owns, so it keeps retrying
/// (what it owns, it repairs: <see cref="ServiceRepair"/>). Appended to podman's own words, which stay first. Pure.
/// </summary>
internal static class FailureAdvice
{
    private static readonly (string Reason, string Says, string Advice)[] Known =
    [
        (ServiceReasons.StartFailed, "address already in use", "another process holds a published host port: stop it, or change spec.ports[].hostPort; retrying"),
        (ServiceReasons.ImagePullFailed, "manifest unknown", "the registry has no such image or tag: push it, or fix spec.image; retrying"),
        (ServiceReasons.ImagePullFailed, "connection refused", "the registry does not answer: start it, or fix spec.image; retrying"),
        (ServiceReasons.StartFailed, "is already allocated to container ID", "another container holds the Service's address: if it still exists, remove it; retrying"),
    ];

    public static string For(string reason, string message)
    {
        foreach (var (knownReason, says, advice) in Known)
        {
            if (reason == knownReason && message.Contains(says, StringComparison.OrdinalIgnoreCase))
            {
                return $"{message} ({advice})";
            }
        }
        return message;
    }
}
