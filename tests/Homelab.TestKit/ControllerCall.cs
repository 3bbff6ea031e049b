using Homelab.Api.Resources;

namespace Homelab.TestKit;

/// <summary>One call a <see cref="ScriptedController{T}"/> received.</summary>
public sealed record ControllerCall<T>(string Namespace, string Name, long Generation, bool IsFinalize, DateTimeOffset At, T Resource) where T : Resource;
