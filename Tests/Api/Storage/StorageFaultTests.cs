namespace EventScheduler.Tests.Api.Storage;

/// <summary>Every write path answers a storage fault the same way: 503 unavailable with Retry-After, never
/// 500, and nothing is acknowledged that is not saved. Each test runs its own service on a file it then
/// locks or fills.</summary>
public sealed class StorageFaultTests
{
    private static readonly Dictionary<string, string?> ShortBusyTimeout = new() { ["Database:BusyTimeoutMs"] = "200" };

    [Test]
    public async Task Writes_WhenAnOutsideConnectionHoldsTheWriteLockBeyondTheBusyTimeout_Answer503WithRetryAfter()
    {
        using var service = await ServiceOnFile.StartAsync(ShortBusyTimeout);
        var meeting = await service.CreateOpenMeetingAsync();
        using var outside = service.OutsideConnection();
        using var hold = outside.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, held until disposed

        var hospital = await service.PostHospitalAsync();
        var edit = await service.RenameMeetingAsync(meeting);
        var signUp = await service.SignUpAsync(meeting);

        await ServiceOnFile.ExpectUnavailableAsync(hospital, "POST /hospitals");
        await ServiceOnFile.ExpectUnavailableAsync(edit, "PATCH /meetings/{id}");
        await ServiceOnFile.ExpectUnavailableAsync(signUp, "POST /meetings/{id}/registrations (the registration writer)");
    }

    [Test]
    public async Task Writes_WhenTheOutsideLockIsReleased_SucceedAgain()
    {
        using var service = await ServiceOnFile.StartAsync(ShortBusyTimeout);
        var meeting = await service.CreateOpenMeetingAsync();
        using (var outside = service.OutsideConnection())
        using (outside.BeginTransaction(deferred: false))
        {
            await ServiceOnFile.ExpectUnavailableAsync(await service.PostHospitalAsync(), "while locked");
        }

        Assert.That((await service.PostHospitalAsync()).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await service.SignUpAsync(meeting)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Writes_WhenTheDiskIsFull_Answer503WithRetryAfterAndNever500()
    {
        using var space = LowOnSpace.Create();
        using var service = await ServiceOnFile.StartAsync(space.Settings, space.DatabasePath);
        var meeting = await service.CreateOpenMeetingAsync();
        space.TakeTheRest();

        var (saved, refused) = await WriteUntilRefusedAsync(service);
        Assert.That(refused, Is.Not.Null, $"{saved} hospitals were saved and none refused: the database never ran out of room");
        await ServiceOnFile.ExpectUnavailableAsync(refused!, $"POST /hospitals on a full disk ({space.How})");
        await ServiceOnFile.ExpectUnavailableAsync(await service.SignUpAsync(meeting), "sign-up on a full disk");
        await ServiceOnFile.ExpectUnavailableAsync(await service.RenameMeetingAsync(meeting), "PATCH /meetings/{id} on a full disk");
    }

    [Test]
    public async Task Writes_WhenSpaceIsFreedAfterTheDiskWasFull_SucceedAgain()
    {
        using var space = LowOnSpace.Create();
        using var service = await ServiceOnFile.StartAsync(space.Settings, space.DatabasePath);
        var meeting = await service.CreateOpenMeetingAsync();
        space.TakeTheRest();
        var (_, refused) = await WriteUntilRefusedAsync(service);
        Assert.That(refused?.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the disk never filled up");

        space.Free(service);

        Assert.That((await service.PostHospitalAsync()).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await service.SignUpAsync(meeting)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Writes_WhenTheDatabaseReachesItsSizeLimit_Answer503()
    {
        using var service = await ServiceOnFile.StartAsync(new Dictionary<string, string?> { ["Database:MaxSizeMiB"] = "1" });

        var (saved, refused) = await WriteUntilRefusedAsync(service);

        Assert.That(refused, Is.Not.Null, $"{saved} hospitals fitted in 1 MiB");
        await ServiceOnFile.ExpectUnavailableAsync(refused!, "POST /hospitals beyond Database:MaxSizeMiB");
    }

    /// <summary>Creates hospitals (long names, so pages fill fast) until one is not 201. Any answer but 201 or 503 fails the test.</summary>
    private static async Task<(int Saved, HttpResponseMessage? Refused)> WriteUntilRefusedAsync(ServiceOnFile service)
    {
        for (var saved = 0; saved < 20_000; saved++)
        {
            var response = await service.PostHospitalAsync($"Hospital {Guid.NewGuid():N} {new string('x', 150)}");
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await response.Content.ReadAsStringAsync());
                return (saved, response);
            }
        }

        return (20_000, null);
    }
}
