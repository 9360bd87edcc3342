using System.Security.Cryptography;
using System.Text;

namespace EventScheduler.Api.Infrastructure;

/// <summary>What is derived from a raw Idempotency-Key: its stored (hashed) form, a keyed fingerprint of
/// the request, and authenticated encryption (AES-GCM) of the stored response.</summary>
public sealed class IdempotencySecret
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public IdempotencySecret(string rawKey, string scope)
    {
        var raw = Encoding.UTF8.GetBytes(rawKey);
        StoredKey = Convert.ToHexStringLower(SHA256.HashData(raw));
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, raw, 32, Encoding.UTF8.GetBytes(scope), "eventscheduler idempotency v1"u8.ToArray());
    }

    public string StoredKey { get; }

    public string Fingerprint(string request) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(request)));

    public byte[] Seal(byte[] plaintext)
    {
        var sealedBody = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBody.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBody.AsSpan(NonceSize + TagSize), sealedBody.AsSpan(NonceSize, TagSize));
        return sealedBody;
    }

    public byte[] Open(byte[] sealedBody)
    {
        var plaintext = new byte[sealedBody.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBody.AsSpan(0, NonceSize), sealedBody.AsSpan(NonceSize + TagSize), sealedBody.AsSpan(NonceSize, TagSize), plaintext);
        return plaintext;
    }
}
