using Dapper;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Faculty;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Storage;

/// <summary>The last line of defence behind the claims: a key's record that is still live is never overwritten, so of
/// two requests with one key only the first to commit keeps its effect (e.g. when a slow owner outlived its lease and
/// another request took the key over and committed first).</summary>
public sealed class IdempotencyRecordTests : ApiTestBase
{
    [Test]
    public async Task Insert_WhenTheKeyHasALiveRecordAlready_RollsBackItsEffect()
    {
        var hospital = await CreateHospitalAsync();
        var store = Factory.Services.GetRequiredService<FacultyStore>();
        var now = Factory.Clock.GetUtcNow();
        var key = new IdempotencyKeyRef("public", Guid.NewGuid().ToString("N"), now.AddHours(-48).ToUnixTimeMilliseconds());
        IdempotencyRecorder<FacultyMember> Recorder() => new(key, m =>
            new IdempotencyRecord(key.Scope, key.StoredKey, "fp", 201, $"/faculty/{m.Id}", [1, 2, 3], now.ToUnixTimeMilliseconds(), key.FreshSinceMs));
        var first = FacultyMember.Create(Guid.CreateVersion7(now), Unique("Dr First"), "Director", hospital, "HPB");
        var second = FacultyMember.Create(Guid.CreateVersion7(now), Unique("Dr Second"), "Director", hospital, "HPB");
        await store.InsertAsync(first, now, Recorder(), CancellationToken.None);

        Assert.ThrowsAsync<IdempotencyKeyUsedException>(() => store.InsertAsync(second, now, Recorder(), CancellationToken.None));

        var db = Factory.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync(CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM faculty WHERE id = @Id", new { Id = second.Id.ToString() }), Is.Zero);
            Assert.That(await c.ExecuteScalarAsync<string>("SELECT location FROM idempotency_keys WHERE key = @Key", new { Key = key.StoredKey }),
                Is.EqualTo($"/faculty/{first.Id}"), "the first record stays");
        });
    }

    [Test]
    public async Task Insert_WhenTheKeysRecordIsPastTheRetention_ReplacesIt()
    {
        var hospital = await CreateHospitalAsync();
        var store = Factory.Services.GetRequiredService<FacultyStore>();
        var then = Factory.Clock.GetUtcNow();
        var storedKey = Guid.NewGuid().ToString("N");
        var old = FacultyMember.Create(Guid.CreateVersion7(then), Unique("Dr Old"), "Director", hospital, "HPB");
        var oldKey = new IdempotencyKeyRef("public", storedKey, then.AddHours(-48).ToUnixTimeMilliseconds());
        await store.InsertAsync(old, then, new IdempotencyRecorder<FacultyMember>(oldKey, m =>
            new IdempotencyRecord("public", storedKey, "fp", 201, $"/faculty/{m.Id}", [1], then.ToUnixTimeMilliseconds(), oldKey.FreshSinceMs)), CancellationToken.None);
        var now = then.AddHours(49);
        var fresh = FacultyMember.Create(Guid.CreateVersion7(now), Unique("Dr Fresh"), "Director", hospital, "HPB");
        var freshKey = new IdempotencyKeyRef("public", storedKey, now.AddHours(-48).ToUnixTimeMilliseconds());

        await store.InsertAsync(fresh, now, new IdempotencyRecorder<FacultyMember>(freshKey, m =>
            new IdempotencyRecord("public", storedKey, "fp", 201, $"/faculty/{m.Id}", [2], now.ToUnixTimeMilliseconds(), freshKey.FreshSinceMs)), CancellationToken.None);

        var db = Factory.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync(CancellationToken.None);
        Assert.That(await c.ExecuteScalarAsync<string>("SELECT location FROM idempotency_keys WHERE key = @Key", new { Key = storedKey }),
            Is.EqualTo($"/faculty/{fresh.Id}"));
    }
}
