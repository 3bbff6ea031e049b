using Homelab.Api.Resources;
using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class ObjectMetaValidatorTests
{
    [Fact]
    public void The_reference_namespace_is_valid() => CauseAssert.IsValid(Valid.Namespace());

    [Theory]
    [InlineData("")]
    [InlineData("Media")]
    [InlineData("-media")]
    [InlineData("media_files")]
    [InlineData("a-name-that-is-far-too-long-for-a-dns-label-because-it-has-64-chars")]
    public void Names_must_be_dns_labels(string name)
    {
        var service = Valid.Service();
        service.Metadata.Name = name;
        var cause = CauseAssert.Single(service, "metadata.name", name.Length == 0 ? "is required" : "DNS-1123 label");
        Assert.Equal(name.Length == 0 ? CauseReasons.Required : CauseReasons.Invalid, cause.Reason);
    }

    [Fact]
    public void A_63_character_name_is_accepted()
    {
        var service = Valid.Service();
        service.Metadata.Name = new string('a', 63);
        CauseAssert.IsValid(service);
    }

    [Fact]
    public void Namespaces_of_namespaced_kinds_must_be_dns_labels()
    {
        var service = Valid.Service();
        service.Metadata.Namespace = "Media";
        CauseAssert.Single(service, "metadata.namespace", "DNS-1123 label");
    }

    [Fact]
    public void A_namespace_has_no_namespace()
    {
        var ns = Valid.Namespace();
        ns.Metadata.Namespace = "default";
        Assert.Equal(CauseReasons.Forbidden, CauseAssert.Single(ns, "metadata.namespace", "cluster-scoped").Reason);
    }

    [Fact]
    public void A_namespace_may_not_claim_another_namespaces_name_label()
    {
        var ns = Valid.Namespace();
        ns.Metadata.Labels![ApiGroup.NamespaceNameLabel] = "edge";
        CauseAssert.Single(ns, "metadata.labels[homelab.dev/namespace]", "must equal the namespace's name \"media\"");
    }

    [Theory]
    [InlineData("bad key", "key must be a qualified name")]
    [InlineData("Example.com/app", "key prefix \"Example.com\"")]
    [InlineData("example.com/", "key must be a qualified name")]
    public void Label_keys_follow_kubernetes_syntax(string key, string message)
    {
        var service = Valid.Service();
        service.Metadata.Labels![key] = "x";
        CauseAssert.Single(service, $"metadata.labels[{key}]", message);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("-leading")]
    [InlineData("trailing.")]
    public void Label_values_follow_kubernetes_syntax(string value)
    {
        var service = Valid.Service();
        service.Metadata.Labels!["app"] = value;
        CauseAssert.Single(service, "metadata.labels[app]", "must be a label value");
    }

    [Fact]
    public void Annotation_values_are_free_text_but_keys_are_not()
    {
        var service = Valid.Service();
        service.Metadata.Annotations!["note"] = "anything: at all, even\nnewlines";
        service.Metadata.Annotations["not a key"] = "x";
        CauseAssert.Single(service, "metadata.annotations[not a key]", "key must be a qualified name");
    }

    [Fact]
    public void Api_version_and_kind_must_match_the_type()
    {
        var service = Valid.Service();
        service.ApiVersion = "v1";
        service.Kind = "Pod";
        var causes = ResourceValidation.Validate(service);
        Assert.Equal(["apiVersion", "kind"], causes.Select(c => c.Field));
    }
}
