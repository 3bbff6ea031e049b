// The end-to-end tests drive Linux programs (homelabd, kubectl) and check Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
