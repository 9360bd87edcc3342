using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace EventScheduler.Tests.Api.Cme;

public sealed class CertificateTests : CmeTestBase
{
    private const string ChineseName = "张伟 Zhang Wei";

    /// <summary>A completed 85 %-minimum meeting: a full-day in-person attendee with a Chinese name (eligible, 6 credits
    /// after the cap) and an online viewer who watched half an hour (not eligible).</summary>
    private async Task<(CmeMeeting Meeting, JsonNode Full, JsonNode Brief)> CompletedMeetingAsync(Guid? hospitalOfFull = null)
    {
        var m = await CreateCmeMeetingAsync(minimumPercent: 85);
        var full = await SignUpPersonAsync(m.Id, "in_person", ChineseName, hospitalOfFull);
        var brief = await SignUpPersonAsync(m.Id, "online");
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, full), HttpStatusCode.OK);
        for (var minute = 1; minute <= 30; minute++)
        {
            SetNow(m.Start.AddMinutes(minute));
            await Expect(await HeartbeatAsync(brief), HttpStatusCode.NoContent);
        }

        SetNow(m.Start.AddHours(9));
        await Expect(await Organiser.PostAsync($"/meetings/{m.Id}/complete", null), HttpStatusCode.OK);
        return (m, full, brief);
    }

    private async Task<JsonNode> IssueAsync(Guid meeting)
    {
        var response = await Organiser.PostAsync($"/meetings/{meeting}/certificates", null);
        await Expect(response, HttpStatusCode.OK);
        return await Json(response);
    }

    private async Task<byte[]> DownloadAsync(string serial, string token)
    {
        var response = await WithTokenAsync(HttpMethod.Get, $"/certificates/{serial}.pdf", token);
        await Expect(response, HttpStatusCode.OK);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Test]
    public async Task Issue_WhenBelowTheMinimum_GivesNoCertificate()
    {
        var (m, full, brief) = await CompletedMeetingAsync();

        var outcome = await IssueAsync(m.Id);

        var issued = outcome["issued"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(issued.Select(c => c!["registrationId"]!.GetValue<Guid>()), Is.EqualTo(new[] { Id(full) }));
            Assert.That(issued.Select(c => c!["registrationId"]!.GetValue<Guid>()), Does.Not.Contain(Id(brief)));
            Assert.That(outcome["notEligible"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(issued[0]!["credits"]!.GetValue<decimal>(), Is.EqualTo(6m), "7.5 hours at 1 an hour, capped at 6");
            Assert.That(issued[0]!["serial"]!.GetValue<string>(), Does.Match(@"^CME-\d{4}-\d{6}$"));
        });
    }

    [Test]
    public async Task Issue_WhenRunAgain_AddsOnlyNewlyEligibleRegistrations()
    {
        var (m, _, brief) = await CompletedMeetingAsync();
        var first = await IssueAsync(m.Id);
        var afternoon = m.Afternoon;
        await Expect(await Organiser.PostAsJsonAsync($"/registrations/{Id(brief)}/attendance/adjustments",
            new { slotId = m.Morning, minutes = 180, reason = "Watched in the hospital's lecture room on one shared screen" }), HttpStatusCode.Created);
        await Expect(await Organiser.PostAsJsonAsync($"/registrations/{Id(brief)}/attendance/adjustments",
            new { slotId = afternoon, minutes = 240, reason = "Watched in the hospital's lecture room on one shared screen" }), HttpStatusCode.Created);

        var second = await IssueAsync(m.Id);
        var third = await IssueAsync(m.Id);

        Assert.Multiple(() =>
        {
            Assert.That(first["issued"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(second["issued"]!.AsArray().Select(c => c!["registrationId"]!.GetValue<Guid>()), Is.EqualTo(new[] { Id(brief) }));
            Assert.That(second["alreadyIssued"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(third["issued"]!.AsArray(), Is.Empty);
            Assert.That(third["alreadyIssued"]!.GetValue<int>(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Issue_WhenMeetingNotCompleted_Returns409AndIssuesNothing()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");
        SetNow(m.Start);
        await Expect(await CheckInAsync(m.Id, seat), HttpStatusCode.OK);

        await ExpectProblem(await Organiser.PostAsync($"/meetings/{m.Id}/certificates", null), HttpStatusCode.Conflict, "meeting_not_completed");

        Assert.That(ItemOf(await AttendanceAsync(m.Id), seat)["certificateSerial"], Is.Null);
    }

    [Test]
    public async Task Issue_WhenMeetingUnknown_Returns404() =>
        await ExpectProblem(await Organiser.PostAsync($"/meetings/{Guid.NewGuid()}/certificates", null), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task Verify_WhenCodeIsReal_AnswersNameMeetingCreditsDateAndValidity()
    {
        var (m, _, _) = await CompletedMeetingAsync();
        var certificate = (await IssueAsync(m.Id))["issued"]![0]!;
        var code = certificate["verificationCode"]!.GetValue<string>();

        var response = await Anonymous.GetAsync($"/certificate-verifications/{code.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)}");

        await Expect(response, HttpStatusCode.OK);
        var body = (await Json(response)).AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(body.Select(p => p.Key), Is.EquivalentTo(new[] { "fullName", "meeting", "credits", "issuedOn", "revoked" }), "and nothing else");
            Assert.That(body["fullName"]!.GetValue<string>(), Is.EqualTo(ChineseName));
            Assert.That(body["credits"]!.GetValue<decimal>(), Is.EqualTo(6m));
            Assert.That(body["revoked"]!.GetValue<bool>(), Is.False);
            Assert.That(certificate["verificationUrl"]!.GetValue<string>(), Does.EndWith($"/certificates/verify/{code}"));
        });
    }

    [Test]
    public async Task Verify_WhenCodeIsMadeUp_Returns404() =>
        await ExpectProblem(await Anonymous.GetAsync("/certificate-verifications/ABCD-EFGH-JKMN-PQRS"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task Verify_WhenRevoked_ShowsRevocation()
    {
        var (m, full, _) = await CompletedMeetingAsync();
        var certificate = (await IssueAsync(m.Id))["issued"]![0]!;
        var serial = certificate["serial"]!.GetValue<string>();

        var revoke = await Organiser.PostAsJsonAsync($"/certificates/{serial}/revoke", new { reason = "Issued to the wrong registration" });

        await Expect(revoke, HttpStatusCode.OK);
        var verified = await Json(await Anonymous.GetAsync($"/certificate-verifications/{certificate["verificationCode"]!.GetValue<string>()}"));
        Assert.That(verified["revoked"]!.GetValue<bool>(), Is.True);
        await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/certificates/{serial}.pdf", Token(full)), HttpStatusCode.Conflict, "certificate_revoked");
    }

    [Test]
    public async Task Revoke_WithoutReason_Returns400AndKeepsItValid()
    {
        var (m, _, _) = await CompletedMeetingAsync();
        var certificate = (await IssueAsync(m.Id))["issued"]![0]!;

        await ExpectProblem(await Organiser.PostAsJsonAsync($"/certificates/{certificate["serial"]}/revoke", new { reason = "" }),
            HttpStatusCode.BadRequest, "revocation_reason_required");

        var verified = await Json(await Anonymous.GetAsync($"/certificate-verifications/{certificate["verificationCode"]!.GetValue<string>()}"));
        Assert.That(verified["revoked"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task Revoke_WhenAlreadyRevoked_Returns409()
    {
        var (m, _, _) = await CompletedMeetingAsync();
        var serial = (await IssueAsync(m.Id))["issued"]![0]!["serial"]!.GetValue<string>();
        await Expect(await Organiser.PostAsJsonAsync($"/certificates/{serial}/revoke", new { reason = "Duplicate" }), HttpStatusCode.OK);

        await ExpectProblem(await Organiser.PostAsJsonAsync($"/certificates/{serial}/revoke", new { reason = "Duplicate" }),
            HttpStatusCode.Conflict, "certificate_already_revoked");
    }

    [Test]
    public async Task Pdf_WhenReadBack_ContainsTheChineseNameAndTheCredits()
    {
        var (m, full, _) = await CompletedMeetingAsync();
        var serial = (await IssueAsync(m.Id))["issued"]![0]!["serial"]!.GetValue<string>();

        var pdf = await DownloadAsync(serial, Token(full));

        using var document = PigDocument.Open(pdf);
        var text = document.GetPage(1).Text;
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("张伟"));
            Assert.That(text, Does.Contain("Zhang Wei"));
            Assert.That(text, Does.Contain("6 学分"));
            Assert.That(text, Does.Contain(serial));
            Assert.That(text, Does.Contain("Shaanxi Provincial CME Committee"));
        });
    }

    [Test]
    public async Task Pdf_WhenTokenWrong_Returns404()
    {
        var (m, _, brief) = await CompletedMeetingAsync();
        var serial = (await IssueAsync(m.Id))["issued"]![0]!["serial"]!.GetValue<string>();

        await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/certificates/{serial}.pdf", Token(brief)), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Pdf_ForAnOrganiser_IsServed()
    {
        var (m, _, _) = await CompletedMeetingAsync();
        var serial = (await IssueAsync(m.Id))["issued"]![0]!["serial"]!.GetValue<string>();

        var response = await Organiser.GetAsync($"/certificates/{serial}.pdf");

        await Expect(response, HttpStatusCode.OK);
        Assert.That((await response.Content.ReadAsByteArrayAsync())[..5], Is.EqualTo("%PDF-"u8.ToArray()));
    }

    [Test]
    public async Task Pdf_WhenRendered_DrawsTheChineseNameAsGlyphsNotBoxes()
    {
        const int dpi = 144;
        var (m, full, _) = await CompletedMeetingAsync();
        var serial = (await IssueAsync(m.Id))["issued"]![0]!["serial"]!.GetValue<string>();
        var pdf = await DownloadAsync(serial, Token(full));

        var (zhang, wei) = NameGlyphs(pdf, dpi);
        var (tofuZhang, tofuWei) = TofuGlyphs(dpi);

        Assert.Multiple(() =>
        {
            // The check itself can tell tofu: the same two characters drawn with a font lacking them look alike (or are blank).
            Assert.That(tofuZhang.Ink < 0.02 || tofuZhang.DifferenceFrom(tofuWei) < 0.02, Is.True, "known tofu must be indistinguishable");
            Assert.That(zhang.Ink, Is.GreaterThan(0.08), "张 is inked");
            Assert.That(wei.Ink, Is.GreaterThan(0.08), "伟 is inked");
            Assert.That(zhang.DifferenceFrom(wei), Is.GreaterThan(0.08), "张 and 伟 have different shapes");
            Assert.That(zhang.DifferenceFrom(tofuZhang), Is.GreaterThan(0.08), "张 differs from the missing-glyph box");
        });
    }

    private static (GlyphInk Zhang, GlyphInk Wei) NameGlyphs(byte[] pdf, int dpi)
    {
        using var document = PigDocument.Open(pdf);
        var page = document.GetPage(1);
        var bitmap = Poppler.RenderFirstPage(pdf, dpi);
        // The name is the largest text on the page; take its two Chinese letters.
        var letters = page.Letters.Where(l => l.Value is "张" or "伟").OrderByDescending(l => l.PointSize).Take(2).OrderBy(l => l.StartBaseLine.X).ToList();
        Assert.That(letters.Select(l => l.Value), Is.EqualTo(new[] { "张", "伟" }));
        GlyphInk Box(UglyToad.PdfPig.Content.Letter l) => GlyphInk.Of(bitmap, page.Height, dpi,
            l.StartBaseLine.X, l.StartBaseLine.Y - l.PointSize * 0.15, l.EndBaseLine.X, l.StartBaseLine.Y + l.PointSize * 0.85);
        return (Box(letters[0]), Box(letters[1]));
    }

    /// <summary>The same two characters drawn with the Latin font alone, which has no Chinese glyphs.</summary>
    private static (GlyphInk Zhang, GlyphInk Wei) TofuGlyphs(int dpi)
    {
        EventScheduler.Api.Documents.CertificateFonts.EnsureRegistered();
        using var document = new PdfSharp.Pdf.PdfDocument();
        var page = document.AddPage();
        var font = new PdfSharp.Drawing.XFont(EventScheduler.Api.Documents.CertificateFonts.Latin, 30, PdfSharp.Drawing.XFontStyleEx.Regular,
            new PdfSharp.Drawing.XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode));
        using (var gfx = PdfSharp.Drawing.XGraphics.FromPdfPage(page))
        {
            gfx.DrawString("张", font, PdfSharp.Drawing.XBrushes.Black, 100, 100, PdfSharp.Drawing.XStringFormats.BaseLineLeft);
            gfx.DrawString("伟", font, PdfSharp.Drawing.XBrushes.Black, 200, 100, PdfSharp.Drawing.XStringFormats.BaseLineLeft);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        var bitmap = Poppler.RenderFirstPage(output.ToArray(), dpi);
        var height = page.Height.Point;
        // Baseline at 100 pt from the top: in PDF coordinates, height - 100.
        return (GlyphInk.Of(bitmap, height, dpi, 100, height - 100 - 4.5, 130, height - 100 + 25.5),
            GlyphInk.Of(bitmap, height, dpi, 200, height - 100 - 4.5, 230, height - 100 + 25.5));
    }
}
