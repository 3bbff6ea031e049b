using System.Text.Json.Nodes;
using Homelab.Store.Admission;

namespace Homelab.Store.Tests;

/// <summary>Admits like the daemon, but blows up objects named "huge" past LiteDB's document size limit, so the write itself fails.</summary>
internal sealed class OversizedAdmission : IAdmission
{
    private readonly ResourceAdmission _inner = new();

    public JsonObject Admit(JsonObject candidate, JsonObject? existing, IAdmissionContext context)
    {
        var admitted = _inner.Admit(candidate, existing, context);
        if (admitted["metadata"]?["name"]?.GetValue<string>() == "huge")
        {
            admitted["metadata"]!["annotations"] = new JsonObject { ["padding"] = new string('x', 20 * 1024 * 1024) };
        }
        return admitted;
    }

    public JsonObject AdmitStatus(string kind, JsonObject status) => _inner.AdmitStatus(kind, status);
}
