using System.Text.Json;
using System.Text.Json.Serialization;
using Homelab.Api.Protocol;
using Homelab.Api.Resources;

namespace Homelab.Api.Serialization;

/// <summary>
/// Compile-time JSON metadata for every type the API reads and writes, so neither homelabd nor hlctl needs reflection or
/// run-time code generation for JSON (both can be published with Native AOT). The options mirror <see cref="HomelabJson"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(NetworkPolicy))]
[JsonSerializable(typeof(UpdatePolicy))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(ImagePolicy))]
[JsonSerializable(typeof(Issuer))]
[JsonSerializable(typeof(Route))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(EventList))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(KubeconfigInfo))]
[JsonSerializable(typeof(ApiResourceList))]
[JsonSerializable(typeof(ApiGroupList))]
[JsonSerializable(typeof(HostCheckReport))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class HomelabJsonContext : JsonSerializerContext;
