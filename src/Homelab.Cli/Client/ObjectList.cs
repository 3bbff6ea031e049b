using System.Text.Json.Nodes;

namespace Homelab.Cli.Client;

/// <summary>A list response: the items and the store revision it was read at (where a watch continues).</summary>
internal sealed record ObjectList(IReadOnlyList<JsonObject> Items, string ResourceVersion);
