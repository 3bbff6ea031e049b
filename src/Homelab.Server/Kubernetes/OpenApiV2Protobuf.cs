using System.Text;
using Homelab.Api;

namespace Homelab.Server.Kubernetes;

/// <summary>
/// The OpenAPI v2 document in the protobuf encoding kubectl 1.28/1.29 insist on (gnostic's openapi_v2.Document), holding
/// only <c>swagger: "2.0"</c>, the info and no paths: kubectl 1.28 stops when it cannot parse v2, and with it goes on to
/// the v3 document, where it learns that the server takes fieldValidation. Encoded by hand: three length-delimited
/// fields need no protobuf library.
/// </summary>
internal static class OpenApiV2Protobuf
{
    public const string ContentType = "application/com.github.proto-openapi.spec.v2";

    // Field numbers of openapi_v2.Document and openapi_v2.Info.
    private const int DocumentSwagger = 1;
    private const int DocumentInfo = 2;
    private const int DocumentPaths = 10;
    private const int InfoTitle = 1;
    private const int InfoVersion = 2;

    public static readonly byte[] Document = Build();

    private static byte[] Build()
    {
        var info = Field(InfoTitle, Encoding.UTF8.GetBytes("Homelab")).Concat(Field(InfoVersion, Encoding.UTF8.GetBytes(ApiGroup.Version))).ToArray();
        return [.. Field(DocumentSwagger, "2.0"u8.ToArray()), .. Field(DocumentInfo, info), .. Field(DocumentPaths, [])];
    }

    /// <summary>A length-delimited field (wire type 2); every length here is below 128, so one varint byte.</summary>
    private static byte[] Field(int number, byte[] value) => [(byte)((number << 3) | 2), checked((byte)value.Length), .. value];
}
