// The daemon under test runs on Linux only (Unix sockets, file modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
