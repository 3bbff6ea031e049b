using FluentValidation;
using Homelab.Api.Resources;
using Homelab.Api.Values;

namespace Homelab.Api.Validation;

/// <summary>The container itself: image, command, environment, restart behaviour; the rest in the included validators.</summary>
internal sealed class ServiceSpecValidator : AbstractValidator<ServiceSpec>
{
    public ServiceSpecValidator()
    {
        RuleFor(s => s.Image).Required().DependentRules(() =>
            RuleFor(s => s.Image).Custom((image, context) =>
            {
                if (!ImageReference.TryParse(image, out _, out var error))
                {
                    context.AddFailure(error);
                }
            }));
        RuleFor(s => s.Command).Must(c => c is null || c.Count == 0 || !string.IsNullOrEmpty(c[0]))
            .WithMessage("must start with the program to run, not an empty string");
        RuleFor(s => s.WorkingDir).AbsolutePath();
        RuleForEach(s => s.Env).ChildRules(env =>
        {
            env.RuleFor(e => e.Name).Required().DependentRules(() =>
                env.RuleFor(e => e.Name).Must(n => !n.Contains('=', StringComparison.Ordinal) && !n.Contains('\0', StringComparison.Ordinal))
                    .WithMessage("must not contain '='"));
            // Podman 4.3 keeps a container's environment, secret ones too, in its config, where podman inspect shows
            // it (containers/podman#23788): a Secret value in the environment would be on display for any root shell.
            env.RuleFor(e => e.ValueFrom).Null()
                .WithMessage("is not supported: Podman 4.3 shows a container's environment, values from secrets included, in podman inspect; mount the Secret as a file (spec.secrets) and point the program at it (e.g. POSTGRES_PASSWORD_FILE)")
                .WithErrorCode(CauseReasons.Forbidden);
        });
        RuleFor(s => s.Env).Custom((env, context) => Unique.Check(context, env, e => e?.Name, "Name", n => $"duplicate environment variable \"{n}\""));
        RuleFor(s => s.RestartPolicy).OneOf(RestartPolicies.All);
        RuleFor(s => s.StopGracePeriod).Duration();

        Include(new ServicePortsValidator());
        Include(new ServiceStorageValidator());
        Include(new ServiceRuntimeValidator());
        Include(new ServiceNetworksValidator());
    }
}
