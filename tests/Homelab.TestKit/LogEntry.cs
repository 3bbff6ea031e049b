using Microsoft.Extensions.Logging;

namespace Homelab.TestKit;

/// <summary>One captured log line.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
