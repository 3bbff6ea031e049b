using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Homelab.Benchmarks -- --filter '*' [--job short] [--inProcess]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
