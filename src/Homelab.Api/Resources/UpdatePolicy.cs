using Homelab.Api.Meta;

namespace Homelab.Api.Resources;

/// <summary>When and how selected Services move to newer images.</summary>
public sealed class UpdatePolicy : Resource<UpdatePolicySpec, UpdatePolicyStatus>
{
    public UpdatePolicy() => Kind = ResourceKinds.UpdatePolicy.Kind;
}

public sealed class UpdatePolicySpec
{
    /// <summary>Required (the CRD says so); null when absent, so validation can refuse it rather than select everything.</summary>
    public LabelSelector? ServiceSelector { get; set; }
    /// <summary>Five-field cron; exclusive with <see cref="Interval"/>.</summary>
    public string? Schedule { get; set; }
    public string? Interval { get; set; }
    public MaintenanceWindow? Window { get; set; }
    /// <summary>digest or semver.</summary>
    public string? Strategy { get; set; }
    public SemverPolicy? Semver { get; set; }
    /// <summary>apply or notify.</summary>
    public string? Mode { get; set; }
    public string? HealthTimeout { get; set; }
    public bool? Rollback { get; set; }
    public int? KeepImages { get; set; }
    public int? MaxParallel { get; set; }
}

public sealed class MaintenanceWindow
{
    /// <summary>Mon … Sun; every day when empty.</summary>
    public List<string>? Days { get; set; }
    /// <summary>HH:mm.</summary>
    public string Start { get; set; } = "";
    public string End { get; set; } = "";
    public string? TimeZone { get; set; }
}

public sealed class SemverPolicy
{
    /// <summary>patch, minor or major.</summary>
    public string? Allow { get; set; }
    public string? TagPattern { get; set; }
    public bool? IncludePrerelease { get; set; }
}

public sealed class UpdatePolicyStatus : ResourceStatus
{
    public DateTimeOffset? LastCheck { get; set; }
    public DateTimeOffset? NextCheck { get; set; }
    public List<ServiceUpdateStatus>? Services { get; set; }
}

/// <summary>What the update controller knows of one selected Service.</summary>
public sealed class ServiceUpdateStatus
{
    /// <summary>namespace/name of the Service.</summary>
    public string Service { get; set; } = "";
    public string? CurrentImage { get; set; }
    public string? AvailableImage { get; set; }
    public DateTimeOffset? LastCheck { get; set; }
    public DateTimeOffset? LastUpdate { get; set; }
    /// <summary>UpToDate, UpdateAvailable, Updating, Updated, RolledBack, Failed, OutsideWindow, RegistryError, Rejected.</summary>
    public string? LastResult { get; set; }
    public string? Message { get; set; }
    public List<UpdateOutcome>? History { get; set; }
    /// <summary>Digests that failed the health gate; never tried again.</summary>
    public List<string>? FailedDigests { get; set; }
    /// <summary>The update in flight, if any: written into spec.image and waiting for the health gate.</summary>
    public PendingUpdate? Pending { get; set; }
}

/// <summary>An update written into Service.spec.image that the health gate has not judged yet.</summary>
public sealed class PendingUpdate
{
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string Digest { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>When the new image was first seen running and Ready; the settle period counts from here.</summary>
    public DateTimeOffset? ReadySince { get; set; }
    /// <summary>status.restartCount when first seen Ready; any change after that is a crash.</summary>
    public int? RestartCount { get; set; }
}

public sealed class UpdateOutcome
{
    public DateTimeOffset Time { get; set; }
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string Result { get; set; } = "";
    public string? Message { get; set; }
    /// <summary>The verdict alone, without the images: why it was kept, rolled back or abandoned.</summary>
    public string? Reason { get; set; }
}
