using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>When set, accepted as an admin key so a fresh install can create its first keys.</summary>
    public string? BootstrapAdminKey { get; set; }
}

public sealed record AuthenticatedKey(string Id, string Name, string Role, string? HospitalId);

/// <summary>Checks API keys. Keys are 256-bit random values, so a plain SHA-256 is a sufficient
/// one-way hash (no salt or slow hash needed: there is nothing to brute-force). Lookups are cached for
/// one second: a key revoked by another process on the same database stops working here within that
/// second (its row is read again), at one indexed read per key per second; a revocation made by this
/// process clears the cache at once.</summary>
public sealed class ApiKeyService(ApiKeyStore store, IOptions<AuthOptions> options, TimeProvider time, ILogger<ApiKeyService> logger)
{
    public const string BootstrapKeyId = "bootstrap";
    // The revocation promise across processes (issue 15): at most this long on any process.
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    // last_used_at is written at most once a minute per key: a write per request would put every
    // read behind SQLite's single write lock.
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    /// <summary>Shorter bootstrap keys are refused at start-up: the key is a permanent admin credential.</summary>
    public const int MinBootstrapKeyLength = 16;

    private readonly ConcurrentDictionary<string, (AuthenticatedKey Key, DateTimeOffset Until)> _cache = new();
    private readonly ConcurrentDictionary<string, byte> _revoked = new();
    private readonly byte[]? _bootstrapHash = BootstrapHash(options.Value.BootstrapAdminKey);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _touched = new();

    private static byte[]? BootstrapHash(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        return key.Trim().Length < MinBootstrapKeyLength
            ? throw new InvalidOperationException($"Auth:BootstrapAdminKey must be at least {MinBootstrapKeyLength} characters (it is a permanent admin key).")
            : Encoding.ASCII.GetBytes(Hash(key));
    }

    public static string Hash(string rawKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawKey)));

    public static string NewRawKey() => "esk_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public async Task<AuthenticatedKey?> AuthenticateAsync(string rawKey, CancellationToken ct)
    {
        if (rawKey.Length > 200)
        {
            return null;
        }

        var hash = Hash(rawKey);
        // Hashes have equal length, so the comparison leaks nothing about the bootstrap key.
        if (_bootstrapHash is { } bootstrap && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), bootstrap))
        {
            return new AuthenticatedKey(BootstrapKeyId, "bootstrap admin", RoleSets.Admin, null);
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now && !_revoked.ContainsKey(cached.Key.Id))
        {
            await TouchAsync(cached.Key, now, ct);
            return cached.Key;
        }

        var row = await store.FindByHashAsync(hash, ct);
        if (row is null || row.RevokedAt is not null)
        {
            // Misses are not cached: made-up keys must not grow memory.
            return null;
        }

        var key = new AuthenticatedKey(row.Id, row.Name, row.Role, row.HospitalId);
        if (!_revoked.ContainsKey(key.Id))
        {
            _cache[hash] = (key, now + CacheFor);
        }

        await TouchAsync(key, now, ct);
        return key;
    }

    /// <summary>Stops a revoked key at once, also when a request that read it just before the revocation
    /// is about to cache it.</summary>
    public void Forget(string keyId, string keyHash)
    {
        _revoked[keyId] = 0;
        _cache.TryRemove(keyHash, out _);
    }

    private async Task TouchAsync(AuthenticatedKey? key, DateTimeOffset now, CancellationToken ct)
    {
        if (key is null || (_touched.TryGetValue(key.Id, out var last) && now - last < TouchEvery))
        {
            return;
        }

        _touched[key.Id] = now;
        try
        {
            await store.TouchAsync(key.Id, now.ToUnixTimeMilliseconds(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Bookkeeping only: a busy database must not fail the caller's request.
            logger.LogWarning(ex, "Could not record last use of API key {KeyId}", key.Id);
        }
    }
}
