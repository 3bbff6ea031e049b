using System.Text.Json;
using System.Text.Json.Serialization;
using Homelab.Nftables.Access;

namespace Homelab.Server.Http;

/// <summary>Compile-time JSON metadata for the server's answers that are not API types (see <c>HomelabJsonContext</c>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccessDecision))]
[JsonSerializable(typeof(ServiceAccessSummary))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
