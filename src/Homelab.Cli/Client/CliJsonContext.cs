using System.Text.Json;
using System.Text.Json.Serialization;
using Homelab.Api.Protocol;
using Homelab.Api.Serialization;

namespace Homelab.Cli.Client;

/// <summary>Source-generated metadata for the protocol types hlctl sends and reads, so no reflection runs at start-up.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(EventList))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(HostCheckReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
