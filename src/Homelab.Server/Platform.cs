// homelabd drives Podman, nftables and Unix sockets: it runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
