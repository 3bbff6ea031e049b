using Homelab.Api.Validation;
using Xunit;

namespace Homelab.Api.Tests.Validation;

public sealed class NamespaceSecurityValidatorTests
{
    [Theory]
    [InlineData("homelab.dev/enforce", "privileged")]
    [InlineData("homelab.dev/warn", "baseline")]
    [InlineData("homelab.dev/audit", "restricted")]
    public void Each_level_label_takes_a_level(string label, string value)
    {
        var ns = Valid.Namespace();
        ns.Metadata.Labels![label] = value;
        CauseAssert.IsValid(ns);
    }

    [Theory]
    [InlineData("homelab.dev/enforce", "strict")]
    [InlineData("homelab.dev/warn", "Baseline")]
    public void A_misspelt_level_is_refused_rather_than_falling_back_to_the_default(string label, string value)
    {
        var ns = Valid.Namespace();
        ns.Metadata.Labels![label] = value;
        var cause = CauseAssert.Single(ns, $"metadata.labels[{label}]", "must be one of privileged, baseline, restricted");
        Assert.Equal(CauseReasons.NotSupported, cause.Reason);
    }

    [Theory]
    [InlineData("homelab.dev/allowed-host-paths", "/srv, /var/lib/photos/")]
    [InlineData("homelab.dev/allowed-devices", "/dev/ttyACM0,/dev/dri")]
    public void Allowances_are_absolute_prefixes(string annotation, string value)
    {
        var ns = Valid.Namespace();
        ns.Metadata.Annotations = new() { [annotation] = value };
        CauseAssert.IsValid(ns);
    }

    [Theory]
    [InlineData("homelab.dev/allowed-host-paths", "srv", "\"srv\" must be an absolute path under /")]
    [InlineData("homelab.dev/allowed-host-paths", "/srv/../etc", "\"/srv/../etc\" must be an absolute path")]
    [InlineData("homelab.dev/allowed-devices", "/srv", "\"/srv\" must be an absolute path under /dev/")]
    public void A_bad_allowance_is_refused(string annotation, string value, string message)
    {
        var ns = Valid.Namespace();
        ns.Metadata.Annotations = new() { [annotation] = value };
        CauseAssert.Single(ns, $"metadata.annotations[{annotation}]", message);
    }
}
