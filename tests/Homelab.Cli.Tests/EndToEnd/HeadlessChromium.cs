using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Homelab.Cli.Tests.EndToEnd;

/// <summary>
/// Debian's chromium driven through its chromedriver (packages chromium, chromium-driver; tests/run.sh installs them).
/// Both paths are given, so Selenium Manager never looks for or downloads anything. As root chromium needs --no-sandbox.
/// </summary>
internal static class HeadlessChromium
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    /// <summary>Where screenshots go: the test output directory, for a reviewer to look at.</summary>
    public static string ScreenshotDir { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static ChromeDriver Start(string profileDir)
    {
        Assert.True(File.Exists(Browser) && File.Exists(Driver), $"{Browser} or {Driver} is missing: apt-get install --no-install-recommends chromium chromium-driver");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Browser, AcceptInsecureCertificates = true };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000", "--user-data-dir=" + profileDir);
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public static void Screenshot(IWebDriver driver, string name) =>
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(ScreenshotDir, name + ".png"));
}
