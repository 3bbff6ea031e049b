using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Resources;

namespace Homelab.Cli.Printing;

/// <summary>kubectl's columns for Secrets: NAME TYPE DATA (the number of keys) AGE; never a value.</summary>
internal sealed class SecretColumns : IKindColumns
{
    public IReadOnlyList<string> Headers(bool wide) => ["NAME", "TYPE", "DATA", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var secret = LenientJson.To<Secret>(obj);
        return [secret.Name, secret.Type ?? SecretTypes.Opaque, (secret.Data?.Count ?? 0).ToString(CultureInfo.InvariantCulture), Age.Since(secret.Metadata.CreationTimestamp, now)];
    }
}
