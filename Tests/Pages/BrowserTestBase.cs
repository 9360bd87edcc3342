using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using EventScheduler.Tests.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EventScheduler.Tests.Pages;

/// <summary>The real application on Kestrel on a loopback port, driven by Debian's Chromium through
/// Playwright (which cannot download browsers here; scripts/install-test-deps.sh installs Chromium).
/// One browser per fixture, a fresh context (cookies, storage) per test, a phone-sized window.</summary>
[Category("Browser")]
public abstract class BrowserTestBase : ApiTestBase
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const int PhoneWidth = 360;
    public const int PhoneHeight = 780;

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    protected string BaseUrl { get; private set; } = "";
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    protected override void ConfigureFactory(ApiFactory factory) => factory.UseKestrel(0);

    [OneTimeSetUp]
    public async Task StartBrowser()
    {
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is missing: run scripts/install-test-deps.sh (installs Debian's chromium and CJK fonts).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    [SetUp]
    public async Task OpenContext()
    {
        Context = await NewContextAsync("zh-CN");
        Page = await Context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseContext()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            // What the browser showed when the test failed, for the CI log's artefacts.
            var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"failed-{TestContext.CurrentContext.Test.Name}.png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            TestContext.AddTestAttachment(file);
        }

        await Context.CloseAsync();
    }

    [OneTimeTearDown]
    public async Task StopBrowser()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    /// <summary>A phone-sized context whose browser asks for <paramref name="locale"/> (Accept-Language).</summary>
    protected Task<IBrowserContext> NewContextAsync(string locale, bool javaScript = true) => _browser.NewContextAsync(new BrowserNewContextOptions
    {
        JavaScriptEnabled = javaScript,
        ViewportSize = new ViewportSize { Width = PhoneWidth, Height = PhoneHeight },
        Locale = locale,
        BaseURL = BaseUrl,
        HasTouch = true,
        IsMobile = true,
        DeviceScaleFactor = 1,
    });

    protected sealed record Scenario(Guid MeetingId, string Title, Guid CaseId, Guid LectureId, DateTimeOffset StartsAt);

    /// <summary>A published hybrid meeting (08:30-17:30 Shanghai) with a live case and a lecture.</summary>
    protected async Task<Scenario> PublishedMeetingWithProgrammeAsync(int? inPersonCapacity = 40, int? onlineCapacity = null)
    {
        var hospital = await CreateHospitalAsync(name: Unique("汉中市3201医院"));
        var lead = await CreateFacultyAsync(hospital, Unique("刘晓晨"));
        var speaker = await CreateFacultyAsync(hospital, Unique("刘学民"));
        var body = MeetingBody(hospital);
        body["inPersonCapacity"] = inPersonCapacity;
        body["onlineCapacity"] = onlineCapacity;
        body["chairIds"] = new JsonArray(speaker.ToString());
        var created = await CreateMeetingAsync(body);
        var id = created["id"]!.GetValue<Guid>();
        var start = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        string At(double minutes) => start.AddMinutes(minutes).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var caseId = await PostSlotAsync(id, new JsonObject
        {
            ["kind"] = "surgery_demo", ["title"] = "腹腔镜左半肝切除术", ["startsAt"] = At(30), ["endsAt"] = At(150),
            ["procedure"] = "腹腔镜左半肝切除术", ["approach"] = "laparoscopic",
            ["operatingSurgeons"] = new JsonArray(new JsonObject { ["facultyId"] = lead.ToString(), ["role"] = "lead" }),
            ["originHospitalId"] = hospital.ToString(), ["consentRecorded"] = true, ["consentReference"] = "CF-01",
        });
        var lectureId = await PostSlotAsync(id, new JsonObject
        {
            ["kind"] = "lecture", ["title"] = "Key points of laparoscopic liver surgery", ["startsAt"] = At(150), ["endsAt"] = At(210),
            ["speakerIds"] = new JsonArray(speaker.ToString()),
        });
        await Expect(await Organiser.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.OK);
        return new Scenario(id, body["title"]!.GetValue<string>(), caseId, lectureId, start);
    }

    protected sealed record SignedUp(Guid Id, string Token, string? CheckInCode, string Status);

    protected async Task<SignedUp> SignUpOverApiAsync(Guid meetingId, string mode = "in_person", string? name = null)
    {
        var response = await Anonymous.PostAsJsonAsync($"/meetings/{meetingId}/registrations", new
        {
            fullName = name ?? Unique("王芳"), email = $"{Guid.NewGuid():N}@example.cn", hospitalName = "安康市中心医院",
            jobTitle = "主治医师", specialty = "肝胆外科", mode,
        });
        await Expect(response, HttpStatusCode.Created);
        var body = await Json(response);
        return new SignedUp(body["id"]!.GetValue<Guid>(), body["manageToken"]!.GetValue<string>(), body["checkInCode"]?.GetValue<string>(),
            body["status"]!.GetValue<string>());
    }

    private async Task<Guid> PostSlotAsync(Guid meetingId, JsonObject body)
    {
        var response = await Organiser.PostAsJsonAsync($"/meetings/{meetingId}/slots", body);
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    /// <summary>No serious or critical accessibility violation (axe-core rules, WCAG 2 A/AA).</summary>
    protected static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToArray();
        Assert.That(bad, Is.Empty, string.Join("\n", bad.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>A phone-width screenshot: into the test's output, and into docs/images when UPDATE_SCREENSHOTS=1.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        var output = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(output);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Animations = ScreenshotAnimations.Disabled });
        await File.WriteAllBytesAsync(Path.Combine(output, name + ".png"), bytes);
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1")
        {
            var images = Path.Combine(RepositoryRoot(), "docs", "images");
            Directory.CreateDirectory(images);
            await File.WriteAllBytesAsync(Path.Combine(images, name + ".png"), bytes);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EventScheduler.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("EventScheduler.sln not found above the test output.");
    }
}
