using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Homelab.Cli.Tests")]
