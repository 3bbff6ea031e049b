namespace Homelab.Api.Protocol;

/// <summary>One group in <see cref="ApiGroupList"/>: its name, versions and preferred version.</summary>
public sealed class ApiGroupEntry
{
    public string Name { get; set; } = "";
    public List<GroupVersionEntry> Versions { get; set; } = [];
    public GroupVersionEntry PreferredVersion { get; set; } = new();
}
