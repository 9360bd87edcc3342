using System.Diagnostics;
using EventScheduler.Api;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using EventScheduler.Domain.Access;
using EventScheduler.Domain.Registrations;
using EventScheduler.WriterBench;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The registration writer alone, without HTTP: how much CPU one sign-up costs on the writer's thread. Starts the
// real service on a fresh database (synchronous=FULL), creates a published meeting over HTTP, then keeps
// CONNECTIONS sign-ups in flight straight through RegistrationService (as the endpoint does) and reads the writer's
// own per-batch timings (its Debug log: batch size, elapsed, commit) to split apply time from commit time.
// Third argument, the Idempotency-Key each sign-up carries (issue 15): "none" (default); "batch", as the endpoint
// does (the writer checks the key in its batch); "own-tx", the key claimed in a transaction of its own first (what
// every other creating endpoint does, measured here to show what it would cost sign-ups).
var total = args.Length > 0 ? int.Parse(args[0]) : 40_000;
var inFlight = args.Length > 1 ? int.Parse(args[1]) : 64;
var keyed = args.Length > 2 ? args[2] : "none";
if (keyed is not ("none" or "batch" or "own-tx"))
{
    throw new ArgumentException("The third argument (Idempotency-Key) is none, batch or own-tx.");
}

var dir = Directory.CreateTempSubdirectory("writer-bench-");
var key = "bench-admin-" + Guid.NewGuid().ToString("N");
var batches = new BatchLog();
var app = ApiApplication.Build([
    $"--Database:Path={Path.Combine(dir.FullName, "bench.db")}", $"--Auth:BootstrapAdminKey={key}", "--RateLimiting:Enabled=false",
    "--Webhooks:Enabled=false", "--Email:Enabled=false", "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
    "--Logging:LogLevel:EventScheduler.Api.Storage.RegistrationWriter=Debug", "--environment=Production",
]);
app.Services.GetRequiredService<ILoggerFactory>().AddProvider(batches);
try
{
    await StartupCommands.PrepareAsync(app.Services, CancellationToken.None);
    ApiApplication.Configure(app);
    await app.StartAsync();
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    var meetingId = await BenchMeeting.CreateAsync(new Uri(address), key);
    var service = app.Services.GetRequiredService<RegistrationService>();
    var staff = new Caller("bench", ApiRole.Admin, null);
    var idempotency = app.Services.GetRequiredService<Idempotency>();

    async Task Run(int count, int lanes)
    {
        var next = -1;
        var tasks = Enumerable.Range(0, lanes).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var who = Attendee.Create($"Dr Load {i}", $"load-{i}-{Guid.NewGuid():N}@example.org", null, null, "Load Test Hospital",
                    "Attending surgeon", "Hepatobiliary surgery", null);
                if (keyed == "none")
                {
                    await service.SignUpAsync(meetingId, who, AttendanceMode.Online, staff, null, CancellationToken.None);
                    continue;
                }

                // As IdempotentCreate does: the lease's recorder goes with the command; its record commits with the batch.
                await using var lease = await idempotency.BeginAsync(Guid.NewGuid().ToString(), staff, $"POST /meetings/{meetingId}/registrations",
                    who, claimInBatch: keyed == "batch", CancellationToken.None);
                var recorder = lease!.RecordWith<SignedUp>(signedUp => StoredResponse.Json(201, null, signedUp.ManageToken));
                await service.SignUpAsync(meetingId, who, AttendanceMode.Online, staff, recorder, CancellationToken.None);
                lease.Committed();
            }
        });
        await Task.WhenAll(tasks);
    }

    await Run(Math.Min(2_000, total / 10), inFlight); // warm-up: JIT, page cache
    batches.Reset();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    await Run(total, inFlight);
    wall.Stop();
    var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    var (commands, count, applyMs, commitMs) = batches.Totals();
    Console.WriteLine($"sign-ups: {total} with {inFlight} in flight, Idempotency-Key: {keyed}; {total / wall.Elapsed.TotalSeconds:F0}/s; wall {wall.Elapsed.TotalSeconds:F1} s");
    Console.WriteLine($"batches: {count}, mean size {(double)commands / Math.Max(1, count):F1}");
    Console.WriteLine($"writer apply (batch minus commit), per command: {applyMs * 1000 / Math.Max(1, commands):F1} µs");
    Console.WriteLine($"commit, per batch: {commitMs / Math.Max(1, count):F2} ms; per command: {commitMs * 1000 / Math.Max(1, commands):F1} µs");
    Console.WriteLine($"process CPU per sign-up: {cpuUsed.TotalMicroseconds / total:F1} µs");
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    dir.Delete(recursive: true);
}
