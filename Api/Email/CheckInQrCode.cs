using QRCoder;

namespace EventScheduler.Api.Email;

/// <summary>The check-in code as a QR code PNG, as the door's scanner reads it (the code itself, nothing else).</summary>
public static class CheckInQrCode
{
    public static byte[] Png(string code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        // 8 px per module with the standard quiet zone: about 250 px, sharp on a phone held up to a scanner.
        return new PngByteQRCode(data).GetGraphic(8);
    }
}
