using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Homelab.Api.Meta;
using Homelab.Api.Resources;

namespace Homelab.Api.Validation;

/// <summary>What the container sees of the disk: volumes, config files and devices.</summary>
internal sealed partial class ServiceStorageValidator : AbstractValidator<ServiceSpec>
{
    public ServiceStorageValidator()
    {
        RuleForEach(s => s.Volumes).ChildRules(volume =>
        {
            // resources.yaml names bind mounts too ({name: media, hostPath: /srv/media}): there the name only labels the
            // mount, and hostPath decides that it is a bind mount rather than a managed volume.
            volume.RuleFor(v => v.Name)
                .Must((v, name) => !string.IsNullOrEmpty(name) || !string.IsNullOrEmpty(v.HostPath))
                .WithMessage("needs name (a managed volume) or hostPath (a bind mount)")
                .WithErrorCode(CauseReasons.Required);
            volume.RuleFor(v => v.Name).Must(n => string.IsNullOrEmpty(n) || KubernetesNames.CheckDns1123Label(n) is null)
                .WithMessage(KubernetesNames.Dns1123LabelRule);
            volume.RuleFor(v => v.HostPath).Must(p => string.IsNullOrEmpty(p) || Rules.IsAbsolutePath(p))
                .WithMessage((_, p) => $"must be an absolute path without '..' segments, not \"{p}\"");
            volume.RuleFor(v => v.MountPath).Required().DependentRules(() => volume.RuleFor(v => v.MountPath).AbsolutePath());
        });
        RuleForEach(s => s.ConfigFiles).ChildRules(file =>
        {
            file.RuleFor(f => f.MountPath).Required().DependentRules(() => file.RuleFor(f => f.MountPath).AbsolutePath());
            file.RuleFor(f => f.MountPath).Must(p => !p.EndsWith('/')).When(f => f.MountPath.Length > 1)
                .WithMessage("must name a file, not end in '/'");
            file.RuleFor(f => f.Mode).Must(m => m is null || FileMode().IsMatch(m))
                .WithMessage((_, m) => $"must be an octal file mode such as \"0444\", not \"{m}\"");
            file.RuleFor(f => f.Content).Empty().When(f => f.FromSecret is not null)
                .WithMessage("must be empty when fromSecret gives the file's content");
            file.RuleFor(f => f.FromSecret!.Name).Dns1123Label().When(f => f.FromSecret is not null);
            file.RuleFor(f => f.FromSecret!.Key).Required().When(f => f.FromSecret is not null);
        });
        RuleForEach(s => s.Secrets).ChildRules(secret =>
        {
            secret.RuleFor(m => m.Name).Required().DependentRules(() => secret.RuleFor(m => m.Name).Dns1123Label());
            secret.RuleFor(m => m.MountPath).Required().DependentRules(() => secret.RuleFor(m => m.MountPath).AbsolutePath());
            secret.RuleFor(m => m.DefaultMode).Must(m => m is null || FileMode().IsMatch(m))
                .WithMessage((_, m) => $"must be an octal file mode such as \"0400\", not \"{m}\"");
            secret.RuleForEach(m => m.Items).ChildRules(item =>
            {
                item.RuleFor(i => i.Key).Required();
                item.RuleFor(i => i.Path).Required().DependentRules(() => item.RuleFor(i => i.Path).Must(IsRelativeFilePath)
                    .WithMessage((_, p) => $"must be a relative path without '..' segments, such as \"password\" or \"tls/server.key\", not \"{p}\""));
                item.RuleFor(i => i.Mode).Must(m => m is null || FileMode().IsMatch(m))
                    .WithMessage((_, m) => $"must be an octal file mode such as \"0400\", not \"{m}\"");
            });
            secret.RuleFor(m => m.Items).Custom((items, context) => Unique.Check(context, items, i => i?.Path, "Path", p => $"duplicate path \"{p}\""));
        });
        RuleFor(s => s).Custom((spec, context) => CheckMountPaths(spec, context));
        RuleForEach(s => s.Devices).ChildRules(device =>
        {
            device.RuleFor(d => d.HostPath).Required().DependentRules(() => device.RuleFor(d => d.HostPath).AbsolutePath());
            device.RuleFor(d => d.ContainerPath).AbsolutePath();
            device.RuleFor(d => d.Permissions)
                .Must(p => p is null || (p.Length > 0 && p.All(c => c is 'r' or 'w' or 'm') && p.Distinct().Count() == p.Length))
                .WithMessage((_, p) => $"must be a combination of r, w and m such as \"rw\", not \"{p}\"");
        });
        RuleFor(s => s.Devices).Custom((devices, context) =>
            Unique.Check(context, devices, d => d is null ? null : d.ContainerPath ?? d.HostPath, "ContainerPath", p => $"duplicate device path \"{p}\""));
    }

    /// <summary>Two mounts at one path would silently hide one another, so volumes and config files share one namespace of paths.</summary>
    private static void CheckMountPaths(ServiceSpec spec, ValidationContext<ServiceSpec> context)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        void Visit(string? mountPath, string path)
        {
            if (string.IsNullOrEmpty(mountPath))
            {
                return;
            }
            var normalized = mountPath.Length > 1 ? mountPath.TrimEnd('/') : mountPath;
            if (seen.TryGetValue(normalized, out var first))
            {
                context.AddFailure(new ValidationFailure(path, $"duplicate mount path \"{mountPath}\" (also {FieldPath.ToJson(first)})")
                {
                    ErrorCode = CauseReasons.Duplicate,
                });
            }
            else
            {
                seen[normalized] = path;
            }
        }
        var prefix = context.PropertyPath.Length == 0 ? "" : context.PropertyPath + ".";
        for (var i = 0; i < (spec.Volumes?.Count ?? 0); i++)
        {
            Visit(spec.Volumes![i]?.MountPath, $"{prefix}Volumes[{i}].MountPath");
        }
        for (var i = 0; i < (spec.ConfigFiles?.Count ?? 0); i++)
        {
            Visit(spec.ConfigFiles![i]?.MountPath, $"{prefix}ConfigFiles[{i}].MountPath");
        }
        for (var i = 0; i < (spec.Secrets?.Count ?? 0); i++)
        {
            Visit(spec.Secrets![i]?.MountPath, $"{prefix}Secrets[{i}].MountPath");
        }
    }

    private static bool IsRelativeFilePath(string path) =>
        !path.StartsWith('/') && !path.EndsWith('/') && path.Split('/').All(segment => segment is not ("" or "." or ".."));

    [GeneratedRegex("^0[0-7]{3}$")]
    private static partial Regex FileMode();
}
