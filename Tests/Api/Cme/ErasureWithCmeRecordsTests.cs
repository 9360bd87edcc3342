using EventScheduler.Api.Registrations;
using EventScheduler.Tests.Api.Registrations;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Cme;

/// <summary>Erasure where CME records need the attendee: the name and hospital stay (with the certificate, which keeps
/// its own copy), e-mail, phone and free text go.</summary>
public sealed class ErasureWithCmeRecordsTests : CmeTestBase
{
    private const string Name = "张伟 Zhang Wei";

    [Test]
    public async Task Erase_WhenCertified_KeepsNameAndHospitalAndTheCertificateStillVerifiesAndDownloads()
    {
        var m = await CreateCmeMeetingAsync(minimumPercent: 85);
        var hospital = await CreateHospitalAsync(name: Unique("Hanzhong 3201 Hospital"));
        var full = await SignUpPersonAsync(m.Id, "in_person", Name, hospital);
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, full), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(9));
        await Expect(await Organiser.PostAsync($"/meetings/{m.Id}/complete", null), HttpStatusCode.OK);
        var certificate = (await Json(await Organiser.PostAsync($"/meetings/{m.Id}/certificates", null)))["issued"]![0]!;
        var serial = certificate["serial"]!.GetValue<string>();

        var response = await Organiser.PostAsync($"/registrations/{Id(full)}/erase", null);

        await Expect(response, HttpStatusCode.OK);
        var erased = await Json(response);
        var verified = await Json(await Anonymous.GetAsync($"/certificate-verifications/{certificate["verificationCode"]!.GetValue<string>()}"));
        var pdf = await Organiser.GetAsync($"/certificates/{serial}.pdf");
        var changes = await ErasureStorage.ChangesAsync(Factory, Id(full));
        Assert.Multiple(async () =>
        {
            Assert.That(erased["erasedAt"], Is.Not.Null);
            Assert.That(erased["fullName"]!.GetValue<string>(), Is.EqualTo(Name), "the certificate and the evidence name the attendee");
            Assert.That(erased["hospitalId"]!.GetValue<Guid>(), Is.EqualTo(hospital));
            Assert.That(erased["hospitalName"], Is.Not.Null);
            Assert.That(erased.AsObject().ContainsKey("email"), Is.False);
            Assert.That(erased.AsObject().ContainsKey("phone"), Is.False);
            Assert.That(erased["jobTitle"]!.GetValue<string>(), Is.Empty);
            Assert.That(erased["specialty"]!.GetValue<string>(), Is.Empty);
            Assert.That(verified["fullName"]!.GetValue<string>(), Is.EqualTo(Name));
            Assert.That(verified["revoked"]!.GetValue<bool>(), Is.False);
            Assert.That(pdf.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the organiser still downloads the PDF");
            Assert.That(pdf.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(JsonNode.Parse(changes[^1].Payload)!["nameAndHospitalKept"]!.GetValue<bool>(), Is.True);
            Assert.That(changes.Select(c => c.Payload), Has.None.Contains("Attending surgeon"));
            Assert.That(changes.Take(changes.Count - 1).Select(c => c.Payload), Has.All.Contains(Name), "the name stays in the snapshots too");
            Assert.That(ItemOf(await AttendanceAsync(m.Id), full)["certificateSerial"]!.GetValue<string>(), Is.EqualTo(serial));
        });
    }

    [Test]
    public async Task Sweep_AfterTheRetention_KeepsTheNameOnlyOfThoseWithEvidence()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online", Unique("Viewer"));
        var absent = await SignUpPersonAsync(m.Id, "online", Unique("Absent"));
        SetNow(m.Start.AddMinutes(5));
        await Expect(await HeartbeatAsync(viewer), HttpStatusCode.NoContent);
        var ends = (await Json(await Organiser.GetAsync($"/meetings/{m.Id}")))["endsAt"]!.GetValue<DateTimeOffset>();
        SetNow(ends + TimeSpan.FromDays(366));

        await Factory.Services.GetRequiredService<ContactDataRetentionJob>().SweepAsync(CancellationToken.None);

        var v = await Json(await Organiser.GetAsync($"/registrations/{Id(viewer)}"));
        var a = await Json(await Organiser.GetAsync($"/registrations/{Id(absent)}"));
        Assert.Multiple(() =>
        {
            Assert.That(v["erasedAt"], Is.Not.Null);
            Assert.That(a["erasedAt"], Is.Not.Null);
            Assert.That(v["fullName"]!.GetValue<string>(), Is.EqualTo(viewer["fullName"]!.GetValue<string>()), "a heartbeat is CME evidence");
            Assert.That(a["fullName"]!.GetValue<string>(), Is.Empty);
            Assert.That(a["hospitalName"], Is.Null);
            Assert.That(v.AsObject().ContainsKey("email"), Is.False);
        });
    }
}
