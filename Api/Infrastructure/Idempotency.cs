using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Infrastructure;

public sealed class IdempotencySettings
{
    public const string Section = "Idempotency";

    /// <summary>How long a key and its stored response are kept (at least 24 hours).</summary>
    public int RetentionHours { get; set; } = 48;
}

/// <summary>A response as sent, kept byte for byte for replays.</summary>
public sealed record StoredResponse(int Status, string? Location, byte[] Body)
{
    public static StoredResponse Json<T>(int status, string? location, T body) =>
        new(status, location, JsonSerializer.SerializeToUtf8Bytes(body, JsonConfig.Options));

    public async Task WriteAsync(HttpContext context, bool replayed, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = Status;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, ct);
    }
}

/// <summary>Idempotency-Key for creating POSTs. The key is scoped to the caller (its API key, or
/// "public" for anonymous callers) and bound to a fingerprint of the request. The stored response is
/// written by the caller in the same transaction as the effect (<see cref="IdempotencyLease.RecordAsync"/>),
/// so it exists exactly when the effect committed. A second request with the key while the first is
/// still running gets 409 with Retry-After; the same key with a different request 422.</summary>
public sealed class Idempotency(Database db, TimeProvider time, IdempotencySettings options)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    private const string FindSql = "SELECT fingerprint AS Fingerprint, status AS Status, location AS Location, body AS Body, created_at AS CreatedAt FROM idempotency_keys WHERE scope = @Scope AND key = @Key";

    // In chunks, so a purge never holds the write lock long enough to delay sign-ups.
    private const string PurgeSql = """
        DELETE FROM idempotency_keys WHERE (scope, key) IN
            (SELECT scope, key FROM idempotency_keys WHERE created_at < @Before LIMIT 2000)
        """;

    private readonly ConcurrentDictionary<(string Scope, string Key), byte> _inFlight = new();

    public TimeSpan Retention => TimeSpan.FromHours(Math.Max(24, options.RetentionHours));

    /// <summary>Returns null when no key was sent. Otherwise a lease (dispose it when the request ends)
    /// holding the stored response to replay, if there is one.</summary>
    public async Task<IdempotencyLease?> BeginAsync(string? key, Caller caller, string operation, object request, CancellationToken ct)
    {
        if (key is null)
        {
            return null;
        }

        if (key.Length is 0 or > MaxKeyLength || key.Any(ch => ch < 0x21 || ch > 0x7e))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "idempotency_key_invalid",
                $"'{Header}' must be 1 to {MaxKeyLength} printable ASCII characters, e.g. a UUID.");
        }

        var scope = caller.KeyId ?? "public";
        // Nothing readable is kept at rest: the key is stored hashed, the fingerprint is keyed by it, and the
        // stored response (which holds a manage token and contact data) is sealed with a key derived from
        // it. Only a caller presenting the same Idempotency-Key can get the response back.
        var secret = new IdempotencySecret(key, scope);
        var fingerprint = secret.Fingerprint(operation + "\n" + JsonSerializer.Serialize(request, request.GetType(), JsonConfig.Options));
        if (!_inFlight.TryAdd((scope, key), 0))
        {
            var busy = new ApiException(StatusCodes.Status409Conflict, "idempotency_key_in_flight",
                "A request with this Idempotency-Key is still being processed; retry after it finishes.");
            busy.Headers["Retry-After"] = "1";
            throw busy;
        }

        var lease = new IdempotencyLease(this, scope, key, secret, fingerprint);
        try
        {
            var stored = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, new { Scope = scope, Key = secret.StoredKey }, cancellationToken: ct)), ct);
            if (stored is not null && stored.CreatedAt >= Instants.ToMs(time.GetUtcNow() - Retention))
            {
                if (stored.Fingerprint != fingerprint)
                {
                    throw new ApiException(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                        "This Idempotency-Key was used with a different request; use a new key for a new request.");
                }

                lease.Replay = new StoredResponse((int)stored.Status, stored.Location, secret.Open(stored.Body));
            }

            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    internal void Release(string scope, string key) => _inFlight.TryRemove((scope, key), out _);

    internal IdempotencyRecord Seal(string scope, IdempotencySecret secret, string fingerprint, StoredResponse response) =>
        new(scope, secret.StoredKey, fingerprint, response.Status, response.Location, secret.Seal(response.Body), Instants.ToMs(time.GetUtcNow()));

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var before = Instants.ToMs(time.GetUtcNow() - Retention);
        var total = 0;
        int deleted;
        do
        {
            deleted = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(PurgeSql, new { Before = before }, tx, cancellationToken: ct)), ct);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }

    private sealed class Row
    {
        public string Fingerprint { get; init; } = "";
        public long Status { get; init; }
        public string? Location { get; init; }
        public byte[] Body { get; init; } = [];
        public long CreatedAt { get; init; }
    }
}

public sealed class IdempotencyLease(Idempotency owner, string scope, string key, IdempotencySecret secret, string fingerprint) : IDisposable
{
    private bool _disposed;

    /// <summary>The response of the first request with this key, to send again unchanged.</summary>
    public StoredResponse? Replay { get; internal set; }

    /// <summary>Stores the response on the transaction that makes the effect.</summary>
    public Task RecordAsync(SqliteConnection c, SqliteTransaction tx, StoredResponse response, CancellationToken ct) =>
        owner.Seal(scope, secret, fingerprint, response).WriteAsync(c, tx, ct);

    /// <summary>A recorder for the store or writer that commits the effect: it builds the response from the
    /// effect's result in that transaction and keeps it as <see cref="Recorded"/>, the bytes to send.</summary>
    public IdempotencyRecorder<T> RecordWith<T>(Func<T, StoredResponse> respond) => new(result =>
    {
        var response = respond(result);
        Recorded = response;
        return owner.Seal(scope, secret, fingerprint, response);
    });

    /// <summary>The response the recorder built and stored: send exactly this.</summary>
    public StoredResponse? Recorded { get; private set; }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            owner.Release(scope, key);
        }
    }
}

/// <summary>Purges expired Idempotency-Key records once an hour.</summary>
public sealed class IdempotencyJanitor(Idempotency idempotency, ILogger<IdempotencyJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await idempotency.PurgeAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not purge expired idempotency keys");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

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
