// The controllers drive Podman and nftables and write Secret files with Unix owners and modes: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
