using System.Text.Json.Nodes;

namespace Homelab.Translation.Export;

/// <summary>Comments to print above a node of a manifest: JSON has no comments, so they travel beside the tree.</summary>
internal sealed class YamlComments
{
    private readonly Dictionary<JsonNode, List<string>> _comments = new(ReferenceEqualityComparer.Instance);

    public void Add(JsonNode node, string comment)
    {
        if (!_comments.TryGetValue(node, out var list))
        {
            _comments[node] = list = [];
        }
        list.Add(comment);
    }

    public IReadOnlyList<string> For(JsonNode? node) =>
        node is not null && _comments.TryGetValue(node, out var list) ? list : [];
}
