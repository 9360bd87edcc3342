using EventScheduler.Api.Email;

namespace EventScheduler.Tests.Api.Email;

/// <summary>The mail's QR code must decode for every check-in code: CI once failed to read the one for
/// "PHQ6QUHHH2" (a detector miss on a clean, generated image), so the decoder reads pure barcodes first.</summary>
public sealed class QrDecoderTests
{
    [TestCase("PHQ6QUHHH2")]
    [TestCase("ABCDEFGHJK")]
    public void Decode_WhenCheckInCodeRendered_ReturnsTheCode(string code) =>
        Assert.That(QrDecoder.Decode(CheckInQrCode.Png(code)), Is.EqualTo(code));

    [Test]
    public void Decode_ForManyRandomCheckInCodes_ReturnsEachCode()
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var random = new Random(20261202);
        var codes = Enumerable.Range(0, 300).Select(_ => new string(Enumerable.Range(0, 10).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())).ToList();

        Assert.That(codes.Where(code => QrDecoder.Decode(CheckInQrCode.Png(code)) != code), Is.Empty);
    }
}
