namespace Homelab.Registry;

/// <summary>A registry question that could not be answered. <see cref="Reason"/> is a CamelCase word for conditions.</summary>
public abstract class RegistryException : Exception
{
    protected RegistryException(string registry, string message, Exception? inner = null)
        : base(message, inner) => Registry = registry;

    public string Registry { get; }

    public abstract string Reason { get; }
}
