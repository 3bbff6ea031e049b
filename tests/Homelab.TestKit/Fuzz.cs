using System.Globalization;

namespace Homelab.TestKit;

/// <summary>How many inputs each property-based test tries: HLTEST_FUZZ_ITER, or a CI-sized default.</summary>
public static class Fuzz
{
    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("HLTEST_FUZZ_ITER"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2_000;
}
