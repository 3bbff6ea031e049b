using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Homelab.Api.Meta;
using Homelab.Api.Resources;
using Homelab.Api.Serialization;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class SecretValidationTests
{
    private const string Value = "s3cr3t-value-that-must-never-echo";

    private static Secret Secret(Action<Secret>? configure = null)
    {
        var secret = new Secret { Metadata = new ObjectMeta { Name = "db", Namespace = "data" } };
        configure?.Invoke(secret);
        ResourceDefaults.Apply(secret);
        return secret;
    }

    private static IReadOnlyList<StatusCause> Causes(Secret secret) => ResourceValidation.Validate(secret);

    private static void AssertNoValueIn(IEnumerable<StatusCause> causes, string value) =>
        Assert.All(causes, c => Assert.DoesNotContain(value, c.Message, StringComparison.Ordinal));

    [Fact]
    public void StringData_becomes_base64_data_after_validation_and_type_defaults_to_opaque()
    {
        var secret = Secret(s => s.StringData = new() { ["password"] = Value });

        Assert.Empty(Causes(secret));
        ResourceDefaults.Complete(secret);

        Assert.Equal(SecretTypes.Opaque, secret.Type);
        Assert.Null(secret.StringData);
        Assert.Equal(Value, Encoding.UTF8.GetString(Convert.FromBase64String(secret.Data!["password"])));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("YWJj")]
    public void Data_must_be_padded_base64_and_the_error_never_repeats_the_value(string value)
    {
        var causes = Causes(Secret(s => s.Data = new() { ["password"] = value + Value }));

        var cause = Assert.Single(causes);
        Assert.Equal("data[password]", cause.Field);
        Assert.StartsWith("must be base64-encoded", cause.Message, StringComparison.Ordinal);
        AssertNoValueIn(causes, Value);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("with space")]
    public void Keys_must_be_file_names(string key)
    {
        var cause = Assert.Single(Causes(Secret(s => s.StringData = new() { [key] = Value })));

        Assert.Equal($"stringData[{key}]", cause.Field);
    }

    [Fact]
    public void A_secret_over_one_mebibyte_is_refused()
    {
        var cause = Assert.Single(Causes(Secret(s => s.StringData = new() { ["big"] = new string('x', 1024 * 1024 + 1) })));

        Assert.Equal("data", cause.Field);
        Assert.Equal("the values total 1048577 bytes; a Secret holds at most 1048576 (1 MiB)", cause.Message);
    }

    [Fact]
    public void A_tls_secret_needs_a_matching_certificate_and_key()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=home.arpa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var crt = certificate.ExportCertificatePem();
        var key = rsa.ExportPkcs8PrivateKeyPem();
        using var other = RSA.Create(2048);

        Assert.Empty(Causes(Secret(s => { s.Type = SecretTypes.Tls; s.StringData = new() { ["tls.crt"] = crt, ["tls.key"] = key }; })));
        var mismatch = Causes(Secret(s => { s.Type = SecretTypes.Tls; s.StringData = new() { ["tls.crt"] = crt, ["tls.key"] = other.ExportPkcs8PrivateKeyPem() }; }));
        Assert.Equal("data[tls.crt]", Assert.Single(mismatch).Field);
        AssertNoValueIn(mismatch, "PRIVATE KEY-----\n");
        var missing = Causes(Secret(s => { s.Type = SecretTypes.Tls; s.StringData = new() { ["tls.crt"] = crt }; }));
        Assert.Equal(("data[tls.key]", "is required for type kubernetes.io/tls"), (Assert.Single(missing).Field, missing[0].Message));
    }

    [Fact]
    public void An_unknown_type_is_not_supported()
    {
        Assert.Equal("type", Assert.Single(Causes(Secret(s => s.Type = "kubernetes.io/dockerconfigjson"))).Field);
    }

    [Fact]
    public void An_immutable_secret_keeps_its_data_type_and_immutability()
    {
        var stored = Secret(s => { s.Immutable = true; s.Data = new() { ["k"] = "YQ==" }; });

        var changed = Secret(s => { s.Immutable = true; s.StringData = new() { ["k"] = "b" }; });
        var same = Secret(s => { s.Immutable = true; s.StringData = new() { ["k"] = "a" }; });
        var unlocked = Secret(s => s.Data = new() { ["k"] = "YQ==" });

        Assert.Equal(["data"], ResourceValidation.ValidateUpdate(changed, stored).Select(c => c.Field));
        Assert.Empty(ResourceValidation.ValidateUpdate(same, stored));
        Assert.Equal(["immutable"], ResourceValidation.ValidateUpdate(unlocked, stored).Select(c => c.Field));
    }

    [Fact]
    public void The_last_applied_annotation_keeps_the_keys_and_none_of_the_values()
    {
        var applied = new JsonObject
        {
            ["apiVersion"] = "homelab.dev/v1alpha1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "db" },
            ["stringData"] = new JsonObject { ["password"] = Value },
            ["data"] = new JsonObject { ["user"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)) },
        };

        var secret = Secret(s => s.Metadata.Annotations = new() { [ApiGroup.LastAppliedAnnotation] = applied.ToJsonString() });

        var kept = secret.Metadata.Annotations![ApiGroup.LastAppliedAnnotation];
        Assert.DoesNotContain(Value, kept, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)), kept, StringComparison.Ordinal);
        Assert.Equal("""{"password":"","user":""}""", JsonNode.Parse(kept)!["data"]!.ToJsonString());
        Assert.Null(JsonNode.Parse(kept)!["stringData"]);
    }
}
