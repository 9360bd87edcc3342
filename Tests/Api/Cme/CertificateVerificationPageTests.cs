using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace EventScheduler.Tests.Api.Cme;

/// <summary>The page the certificate's QR code opens, /certificates/verify/{code}: HTML in Chinese or English for
/// people, the API operation's JSON to <c>Accept: application/json</c>.</summary>
public sealed class CertificateVerificationPageTests : CmeTestBase
{
    private const string Name = "李娜 Li Na";

    /// <summary>A completed meeting with one eligible in-person attendee, and its issued certificate.</summary>
    private async Task<(JsonNode Certificate, JsonNode Registration)> IssuedAsync()
    {
        var m = await CreateCmeMeetingAsync(minimumPercent: 50);
        var seat = await SignUpPersonAsync(m.Id, "in_person", Name);
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, seat), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(9));
        await Expect(await Organiser.PostAsync($"/meetings/{m.Id}/complete", null), HttpStatusCode.OK);
        var issued = await Organiser.PostAsync($"/meetings/{m.Id}/certificates", null);
        await Expect(issued, HttpStatusCode.OK);
        return ((await Json(issued))["issued"]![0]!, seat);
    }

    private static string Code(JsonNode certificate) => certificate["verificationCode"]!.GetValue<string>();

    private async Task<HttpResponseMessage> OpenAsync(string code, string accept = "text/html,application/xhtml+xml,*/*;q=0.8", string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/certificates/verify/{code}");
        request.Headers.Accept.ParseAdd(accept);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await Anonymous.SendAsync(request);
    }

    [Test]
    public async Task Open_InABrowserWithoutLanguage_ShowsTheValidCertificateInChinese()
    {
        var (certificate, _) = await IssuedAsync();

        var response = await OpenAsync(Code(certificate));

        await Expect(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(response.Content.Headers.ContentLanguage, Is.EqualTo(new[] { "zh" }));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(html, Does.Contain("<html lang=\"zh\">").And.Contain("data-state=\"valid\"").And.Contain("有效证书"));
            Assert.That(html, Does.Contain(Name).And.Contain("<dt>学分</dt><dd>6</dd>"));
        });
    }

    [Test]
    public async Task Open_WhenTheBrowserPrefersEnglish_ShowsEnglish()
    {
        var (certificate, _) = await IssuedAsync();

        var response = await OpenAsync(Code(certificate), language: "en-GB,en;q=0.9,zh-CN;q=0.5");

        await Expect(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentLanguage, Is.EqualTo(new[] { "en" }));
            Assert.That(html, Does.Contain("<html lang=\"en\">").And.Contain("Valid certificate").And.Contain("<dt>Credits</dt><dd>6</dd>"));
            Assert.That(html, Does.Not.Contain("有效证书"));
        });
    }

    [Test]
    public async Task Open_WithLangQuery_OverridesTheBrowser()
    {
        var (certificate, _) = await IssuedAsync();

        var html = await (await Anonymous.GetAsync($"/certificates/verify/{Code(certificate)}?lang=en")).Content.ReadAsStringAsync();

        Assert.That(html, Does.Contain("<html lang=\"en\">"));
    }

    [Test]
    public async Task Open_AskingForJson_AnswersWhatTheApiOperationAnswers()
    {
        var (certificate, _) = await IssuedAsync();

        var page = await OpenAsync(Code(certificate), "application/json");
        var operation = await Anonymous.GetAsync($"/certificate-verifications/{Code(certificate)}");

        await Expect(page, HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That((await Json(page)).ToJsonString(), Is.EqualTo((await Json(operation)).ToJsonString()));
        });
    }

    [Test]
    public async Task Open_WhenRevoked_SaysItIsNoLongerValid()
    {
        var (certificate, _) = await IssuedAsync();
        await Expect(await Organiser.PostAsJsonAsync($"/certificates/{certificate["serial"]}/revoke", new { reason = "Issued in error" }), HttpStatusCode.OK);

        var response = await OpenAsync(Code(certificate), language: "en");

        await Expect(response, HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("data-state=\"revoked\"").And.Contain("no longer valid").And.Not.Contain("Valid certificate"));
    }

    [Test]
    public async Task Open_WhenCodeIsMadeUp_Returns404PageSayingSo()
    {
        var response = await OpenAsync("ABCD-EFGH-JKMN-PQRS", language: "zh-CN");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("data-state=\"unknown\"").And.Contain("未找到证书").And.Contain("ABCD-EFGH-JKMN-PQRS"));
        });
    }

    [Test]
    public async Task Open_WhenCodeIsMadeUpAndJsonWanted_Returns404Problem() =>
        await ExpectProblem(await OpenAsync("ABCD-EFGH-JKMN-PQRS", "application/json"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task Open_WhenCodeHoldsMarkup_ShowsItAsText()
    {
        var response = await OpenAsync(Uri.EscapeDataString("<i>x"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("&lt;i&gt;x").And.Not.Contain("<i>x"));
    }

    [Test]
    public async Task Certificate_QrUrlAndResponse_PointAtThePage()
    {
        var (certificate, registration) = await IssuedAsync();
        var url = certificate["verificationUrl"]!.GetValue<string>();
        using var pdfRequest = new HttpRequestMessage(HttpMethod.Get, $"/certificates/{certificate["serial"]}.pdf");
        pdfRequest.Headers.Add("X-Registration-Token", Token(registration));
        var pdf = await Anonymous.SendAsync(pdfRequest);
        await Expect(pdf, HttpStatusCode.OK);

        using var document = PigDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var page = await OpenAsync(new Uri(url).AbsolutePath["/certificates/verify/".Length..]);

        Assert.Multiple(() =>
        {
            Assert.That(new Uri(url).AbsolutePath, Is.EqualTo($"/certificates/verify/{Code(certificate)}"));
            Assert.That(document.GetPage(1).Text, Does.Contain(url), "the URL printed beside the QR code (the QR encodes the same string)");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public void Contract_LeavesThePageOut()
    {
        var path = Path.Combine(Path.GetDirectoryName(Readme.ReadmeBlocks.ReadmePath())!, "openapi.json");
        var paths = JsonNode.Parse(File.ReadAllText(path))!["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(paths, Does.Contain("/certificate-verifications/{code}"));
            Assert.That(paths, Has.None.StartsWith("/certificates/verify"));
        });
    }
}
