using System.Security.Cryptography;

namespace Homelab.Acme.Tests;

/// <summary>A fixed P-256 account key; its JWK and thumbprint below were computed with openssl and Python, not with this code.</summary>
internal static class TestKeys
{
    public const string Pem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvCPWFPoseHyzTgLS
        wWuBOdshsqpYi46V/u/0sRE1epOhRANCAAR2P0FLwMS95OK17RBX/vCKU7jB6wqC
        c2jlbbkMAYmNAPGV2OIvgOhTZwAQmrFR2JIUwt8MzMVzSeBJBxniYSSW
        -----END PRIVATE KEY-----
        """;

    public const string Jwk = """{"crv":"P-256","kty":"EC","x":"dj9BS8DEveTite0QV_7wilO4wesKgnNo5W25DAGJjQA","y":"8ZXY4i-A6FNnABCasVHYkhTC3wzMxXNJ4EkHGeJhJJY"}""";

    public const string Thumbprint = "-vUHg4solbjb5yX2sQUtmF5pfsVvafOaBLAeyBfXgXM";

    public static ECDsa Account()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(Pem);
        return key;
    }
}
