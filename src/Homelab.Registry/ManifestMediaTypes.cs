namespace Homelab.Registry;

/// <summary>Manifest media types asked for on a HEAD, so multi-arch images answer with their index digest.</summary>
internal static class ManifestMediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public static readonly string[] All = [OciIndex, OciManifest, DockerManifestList, DockerManifest];
}
