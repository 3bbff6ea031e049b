using Microsoft.Extensions.DependencyInjection;

namespace Homelab.Server.Hosting;

/// <summary>
/// The controllers homelabd can run, by the name used in <c>--controllers</c>. Each entry registers one controller's
/// services; <see cref="Select"/> turns the option value into the registrations to run, failing on unknown names.
/// </summary>
public sealed class ControllerCatalog
{
    private readonly Dictionary<string, Action<IServiceCollection>> registrations = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => registrations.Keys;

    public ControllerCatalog Add(string name, Action<IServiceCollection> register)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(register);
        if (name is HomelabServerOptions.AllControllers or HomelabServerOptions.NoControllers || name.Contains(','))
        {
            throw new ArgumentException($"\"{name}\" cannot name a controller", nameof(name));
        }
        if (!registrations.TryAdd(name, register))
        {
            throw new ArgumentException($"controller \"{name}\" is already in the catalog", nameof(name));
        }
        return this;
    }

    /// <summary>
    /// The controller names <paramref name="value"/> asks for: every one for "all", none for "none", else the listed ones.
    /// Throws <see cref="ControllerSelectionException"/> naming any unknown entry.
    /// </summary>
    public IReadOnlyList<string> Select(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Equals(HomelabServerOptions.AllControllers, StringComparison.OrdinalIgnoreCase))
        {
            return [.. registrations.Keys.Order(StringComparer.Ordinal)];
        }
        if (trimmed.Equals(HomelabServerOptions.NoControllers, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        var names = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            throw new ControllerSelectionException($"--controllers: \"{value}\" names no controller; use \"{HomelabServerOptions.AllControllers}\", \"{HomelabServerOptions.NoControllers}\" or a comma-separated list of {Describe()}");
        }
        var unknown = names.Where(n => !registrations.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ControllerSelectionException($"--controllers: unknown controller{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(n => $"\"{n}\""))}; available: {Describe()}");
        }
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Registers the services of the controllers <paramref name="value"/> selects.</summary>
    public IReadOnlyList<string> Register(IServiceCollection services, string value)
    {
        var selected = Select(value);
        foreach (var name in selected)
        {
            registrations[name](services);
        }
        return selected;
    }

    private string Describe() => registrations.Count == 0 ? "(none are built in)" : string.Join(", ", registrations.Keys.Order(StringComparer.Ordinal));
}
