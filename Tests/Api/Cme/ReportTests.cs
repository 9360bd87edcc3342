using System.Text;

namespace EventScheduler.Tests.Api.Cme;

public sealed class ReportTests : CmeTestBase
{
    private async Task<(CmeMeeting Meeting, JsonNode OfA, JsonNode OfB, Guid HospitalA)> MeetingWithTwoHospitalsAsync()
    {
        var m = await CreateCmeMeetingAsync(minimumPercent: 40);
        var hospitalA = await CreateHospitalAsync(name: Unique("Ankang Central Hospital"));
        var ofA = await SignUpPersonAsync(m.Id, "in_person", "=HYPERLINK(\"x\") 李娜", hospitalA);
        var ofB = await SignUpPersonAsync(m.Id, "in_person", "王芳", await CreateHospitalAsync());
        // Checked in before the start: the test clock runs on between steps, so a check-in "at" the start is a few ms late.
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, ofA), HttpStatusCode.OK);
        await Expect(await CheckInAsync(m.Id, ofB), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(3.5));
        await Expect(await ScanAsync(m.Id, ofB, "out"), HttpStatusCode.Created);
        SetNow(m.Start.AddHours(9));
        await Expect(await Organiser.PostAsync($"/meetings/{m.Id}/complete", null), HttpStatusCode.OK);
        await Expect(await Organiser.PostAsync($"/meetings/{m.Id}/certificates", null), HttpStatusCode.OK);
        return (m, ofA, ofB, hospitalA);
    }

    [Test]
    public async Task Report_ForAnOrganiser_ListsEveryAttendeeWithCreditsAndSerial()
    {
        var (m, ofA, ofB, _) = await MeetingWithTwoHospitalsAsync();

        var response = await Organiser.GetAsync($"/meetings/{m.Id}/cme-report");

        await Expect(response, HttpStatusCode.OK);
        var report = await Json(response);
        var lines = report["lines"]!.AsArray().ToDictionary(l => l!["registrationId"]!.GetValue<Guid>(), l => l!);
        Assert.Multiple(() =>
        {
            Assert.That(report["accreditingBody"]!.GetValue<string>(), Is.EqualTo("Shaanxi Provincial CME Committee"));
            Assert.That(report["projectNumber"]!.GetValue<string>(), Is.EqualTo("2021-04-07-118 (省)"));
            Assert.That(lines.Keys, Is.EquivalentTo(new[] { Id(ofA), Id(ofB) }));
            Assert.That(lines[Id(ofA)]["credits"]!.GetValue<decimal>(), Is.EqualTo(6m));
            Assert.That(lines[Id(ofB)]["credits"]!.GetValue<decimal>(), Is.EqualTo(3.5m));
            Assert.That(lines[Id(ofB)]["minutes"]!.GetValue<int>(), Is.EqualTo(210));
            Assert.That(lines[Id(ofA)]["certificateSerial"]!.GetValue<string>(), Does.StartWith("CME-"));
            Assert.That(lines[Id(ofA)]["jobTitle"]!.GetValue<string>(), Is.EqualTo("Attending surgeon"));
        });
    }

    [Test]
    public async Task Report_ForAnIntegrationKey_HoldsOnlyItsHospitalsAttendees()
    {
        var (m, ofA, ofB, hospitalA) = await MeetingWithTwoHospitalsAsync();
        using var cmeOffice = await ClientForRoleAsync("integration", hospitalA);

        var json = await Json(await cmeOffice.GetAsync($"/meetings/{m.Id}/cme-report"));
        var csv = await (await cmeOffice.GetAsync($"/meetings/{m.Id}/cme-report?format=csv")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(json["lines"]!.AsArray().Select(l => l!["registrationId"]!.GetValue<Guid>()), Is.EqualTo(new[] { Id(ofA) }));
            Assert.That(csv, Does.Contain(Id(ofA).ToString()));
            Assert.That(csv, Does.Not.Contain(Id(ofB).ToString()));
            Assert.That(csv, Does.Not.Contain("王芳"));
        });
    }

    [Test]
    public async Task Report_AsCsv_IsUtf8WithBomQuotedAndFormulaSafe()
    {
        var (m, ofA, _, _) = await MeetingWithTwoHospitalsAsync();

        var response = await Organiser.GetAsync($"/meetings/{m.Id}/cme-report?format=csv");

        await Expect(response, HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.That(rows[0], Is.EqualTo("accrediting_body,project_number,credit_type,registration_id,full_name,hospital,job_title,mode,minutes,percent,credits,certificate_serial"));
            Assert.That(rows, Has.Length.EqualTo(3));
            Assert.That(text, Does.Contain("\"'=HYPERLINK(\"\"x\"\") 李娜\""), "formula neutralised, quotes doubled");
            Assert.That(rows.Single(r => r.Contains(Id(ofA).ToString(), StringComparison.Ordinal)), Does.Contain(",6,CME-"));
        });
    }

    [Test]
    public async Task Report_WithoutAccreditation_Returns409()
    {
        var meeting = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        await ExpectProblem(await Organiser.GetAsync($"/meetings/{meeting}/cme-report"), HttpStatusCode.Conflict, "accreditation_required");
    }

    [Test]
    public async Task Report_WhenFormatUnknown_Returns400() =>
        await ExpectProblem(await Organiser.GetAsync($"/meetings/{Guid.NewGuid()}/cme-report?format=xlsx"), HttpStatusCode.BadRequest, "validation_failed");
}
