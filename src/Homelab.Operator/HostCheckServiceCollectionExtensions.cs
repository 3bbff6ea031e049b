using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Homelab.Operator;

public static class HostCheckServiceCollectionExtensions
{
    /// <summary>Adds <typeparamref name="T"/> to the host checks; adding the same check twice runs it once.</summary>
    public static IServiceCollection AddHostCheck<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(this IServiceCollection services)
        where T : class, IHostCheck
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostCheck, T>());
        return services;
    }
}
