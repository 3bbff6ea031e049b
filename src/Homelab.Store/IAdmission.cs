using System.Text.Json.Nodes;

namespace Homelab.Store;

/// <summary>
/// Defaulting and validation, run by the store on every object a create, replace or patch would write, inside the
/// transaction (so a patched result is validated too). Returns the canonical object; throws <see cref="StoreException"/> (422).
/// Must be pure and synchronous: it runs under the store's write lock.
/// </summary>
public interface IAdmission
{
    JsonObject Admit(JsonObject candidate, JsonObject? existing, IAdmissionContext context);

    /// <summary>Checks a status before it is written (shape only).</summary>
    JsonObject AdmitStatus(string kind, JsonObject status);
}
