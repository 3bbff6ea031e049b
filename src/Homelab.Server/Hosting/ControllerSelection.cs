namespace Homelab.Server.Hosting;

/// <summary>The controllers this daemon runs, as chosen by --controllers.</summary>
public sealed record ControllerSelection(IReadOnlyList<string> Names);
