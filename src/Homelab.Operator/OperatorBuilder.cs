using System.Diagnostics.CodeAnalysis;
using System.Text;
using Homelab.Api.Resources;
using Homelab.Operator.Runtime;
using Homelab.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Homelab.Operator;

/// <summary>Adds controllers to the operator. Each one is its own hosted service, so a host may add only some of them.</summary>
public sealed class OperatorBuilder
{
    internal OperatorBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds a controller that owns <typeparamref name="TResource"/> objects. The controller is resolved from a new DI scope
    /// per reconcile; it is registered scoped unless registered otherwise first (register it as a singleton to keep state).
    /// </summary>
    public OperatorBuilder AddController<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TController, TResource>(Action<ControllerOptions>? configure = null)
        where TController : class, IController<TResource>
        where TResource : Resource
    {
        var kind = ResourceKeys.KindOf<TResource>();
        return Add<TController>(configure, isAggregate: false, kind, (sp, options, ownWrite) =>
            new ObjectReconciler<TController, TResource>(
                sp,
                sp.GetRequiredService<IResourceStore>(),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TController)))
            {
                OwnWrite = ownWrite,
            });
    }

    /// <summary>Adds an <see cref="IAggregateController"/>; declare what it watches with <c>c.Watches&lt;T&gt;()</c>.</summary>
    public OperatorBuilder AddAggregateController<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TController>(Action<ControllerOptions> configure)
        where TController : class, IAggregateController
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add<TController>(configure, isAggregate: true, primaryKind: null, (sp, options, _) =>
            new AggregateReconciler<TController>(
                sp,
                options,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TController))));
    }

    /// <summary>"NetworkPolicyController" → "network-policy-controller".</summary>
    internal static string DefaultName(Type controllerType)
    {
        var name = controllerType.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }
        var kebab = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                kebab.Append('-');
            }
            kebab.Append(char.ToLowerInvariant(name[i]));
        }
        return kebab.ToString();
    }

    private OperatorBuilder Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TController>(
        Action<ControllerOptions>? configure,
        bool isAggregate,
        string? primaryKind,
        Func<IServiceProvider, ControllerOptions, OwnWriter, IReconciler> createReconciler)
        where TController : class
    {
        var registration = new ControllerRegistration(typeof(TController), primaryKind, createReconciler);
        var alreadyAdded = Services.Any(d => d.ServiceType == typeof(ControllerRegistration)
            && d.ImplementationInstance is ControllerRegistration r && r.ControllerType == typeof(TController));
        var optionsBuilder = Services.AddOptions<ControllerOptions>(registration.OptionsName);
        if (!alreadyAdded)
        {
            optionsBuilder.Configure(o =>
            {
                o.Name = DefaultName(typeof(TController));
                o.IsAggregate = isAggregate;
            });
            Services.AddSingleton(registration);
        }
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }
        optionsBuilder.ValidateOnStart();
        Services.TryAddScoped<TController>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ControllerHostedService<TController>>());
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ControllerOptions>, ControllerOptionsValidator>());
        return this;
    }
}
