using Homelab.Cli.Client;

namespace Homelab.Cli.Commands;

/// <summary>Turns the failures every command shares into one message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliContext ctx, Func<Task<int>> handler, int errorCode = ExitCodes.Error)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (DaemonUnreachableException e)
        {
            await ctx.Err.WriteLineAsync(e.Advice).ConfigureAwait(false);
            return errorCode;
        }
        catch (ApiException e)
        {
            await ctx.Err.WriteLineAsync(e.Describe()).ConfigureAwait(false);
            return errorCode;
        }
        catch (CliException e)
        {
            await ctx.Err.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return errorCode;
        }
    }
}
