using System.CommandLine;
using Homelab.Server.Hosting;

var command = ServerCommandLine.Create(HomelabControllers.CreateCatalog(), Console.Error);
// The host handles SIGTERM/SIGINT itself (graceful shutdown); System.CommandLine must not race it to exit.
return await command.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
