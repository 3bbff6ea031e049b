using Homelab.Api;
using Homelab.Api.Serialization;
using Homelab.Cli.Apply;

namespace Homelab.Cli.Tests.Apply;

public sealed class ManifestLoaderTests
{
    [Fact]
    public void A_missing_namespace_defaults_and_the_applyset_label_is_added()
    {
        var desired = Assert.Single(Manifests.Load(Manifests.Service("web"), applySet: "home"));

        Assert.Equal(new ObjectRef("Service", "default", "web"), desired.Ref);
        Assert.Equal("home", JsonText.String(desired.Manifest["metadata"]!["labels"]![ApiGroup.ApplySetLabel]));
    }

    [Fact]
    public void An_unknown_field_names_file_document_and_field()
    {
        var yaml = Manifests.Service("ok") + "\n---\n" + Manifests.Service("bad").Replace("  image:", "  imagee: x\n  image:", StringComparison.Ordinal);

        var error = Assert.Throws<CliException>(() => ManifestLoader.Validate(Manifests.Load(yaml)));

        Assert.Contains("test.yaml (document 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("spec.imagee", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_port_is_reported_by_the_shared_validators()
    {
        var yaml = Manifests.Service("web").Replace("containerPort: 80", "containerPort: 70000", StringComparison.Ordinal);

        var error = Assert.Throws<CliException>(() => ManifestLoader.Validate(Manifests.Load(yaml)));

        Assert.Contains("test.yaml (document 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("spec.ports[0].containerPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_checks_identity_only_so_a_no_op_apply_need_not_pay_for_validation()
    {
        var desired = Manifests.Load(Manifests.Service("web").Replace("containerPort: 80", "containerPort: 70000", StringComparison.Ordinal));

        Assert.Equal("web", Assert.Single(desired).Ref.Name);
    }

    [Fact]
    public void A_missing_name_is_an_identity_error()
    {
        var error = Assert.Throws<CliException>(() => Manifests.Load("apiVersion: homelab.dev/v1alpha1\nkind: Service\nmetadata: {labels: {a: b}}\nspec: {image: x}\n"));

        Assert.Contains("test.yaml (document 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("metadata.name: is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_object_twice_is_an_error()
    {
        var error = Assert.Throws<CliException>(() => Manifests.Load(Manifests.Service("web") + "\n---\n" + Manifests.Service("web")));

        Assert.Contains("service/web is also defined in test.yaml (document 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_document_is_reported_not_just_the_first()
    {
        var yaml = "apiVersion: homelab.dev/v1alpha1\nkind: Gadget\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n";

        var error = Assert.Throws<CliException>(() => Manifests.Load(yaml));

        Assert.Contains("2 error(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown kind \"Gadget\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("apiVersion", error.Message, StringComparison.Ordinal);
    }
}
