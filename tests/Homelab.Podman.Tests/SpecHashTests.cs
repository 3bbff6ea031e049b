using Homelab.Api.Resources;
using Xunit;

namespace Homelab.Podman.Tests;

public sealed class SpecHashTests
{
    private const string Digest = "sha256:5555555555555555555555555555555555555555555555555555555555555555";

    [Fact]
    public void Equal_specs_hash_equal_and_any_change_or_new_digest_changes_the_hash()
    {
        var spec = new ServiceSpec { Image = "a:1", Env = [new EnvVar { Name = "A", Value = "1" }] };
        var same = new ServiceSpec { Image = "a:1", Env = [new EnvVar { Name = "A", Value = "1" }] };
        var changed = new ServiceSpec { Image = "a:1", Env = [new EnvVar { Name = "A", Value = "2" }] };

        Assert.Equal(SpecHash.Compute(spec, Digest), SpecHash.Compute(same, Digest));
        Assert.NotEqual(SpecHash.Compute(spec, Digest), SpecHash.Compute(changed, Digest));
        Assert.NotEqual(SpecHash.Compute(spec, Digest), SpecHash.Compute(spec, Digest.Replace('5', '6')));
    }
}
