using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Homelab.Benchmarks -- --filter '*' [--job short] [--inProcess]
// (Not typeof(Program): homelabd, referenced for its status pages, has a Program of its own.)
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetExecutingAssembly()).Run(args);
