// Some benchmarks measure homelabd's own code, which runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
