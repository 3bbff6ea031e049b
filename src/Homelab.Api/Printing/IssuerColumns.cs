using System.Globalization;
using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Printing;

/// <summary>NAME TYPE READY CA-EXPIRES AGE.</summary>
public sealed class IssuerColumns : IKindColumns
{
    public IReadOnlyList<string> Headers(bool wide) => ["NAME", "TYPE", "READY", "CA-EXPIRES", "AGE"];

    public IReadOnlyList<string> Cells(JsonObject obj, bool wide, DateTimeOffset now)
    {
        var issuer = LenientJson.To<Issuer>(obj);
        return
        [
            issuer.Name,
            issuer.Spec.Acme is not null ? "acme" : "internal",
            Conditions.Text(issuer, issuer.Status, ConditionTypes.Ready),
            issuer.Status?.CaNotAfter is { } notAfter ? notAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : SelectorText.None,
            Age.Since(issuer.Metadata.CreationTimestamp, now),
        ];
    }
}
