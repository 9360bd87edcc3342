using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>A retry sent the moment the first answer arrives replays it, never 409 idempotency_key_in_flight. The
/// window is made as wide as it can be: the first request's response stream holds the request open right after its
/// bytes went out, until the retry has been answered.</summary>
public sealed class RetryAfterAnswerTests : RegistrationTestBase
{
    private const string HoldHeader = "X-Test-Hold-After-Write";
    private const string ReleaseHeader = "X-Test-Release";

    [Test]
    public async Task SignUp_WhenRetriedWhileTheFirstRequestIsStillFinishing_Replays()
    {
        var meeting = await CreateOpenMeetingAsync();
        await using var held = Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, HoldAfterWrite>()));
        using var client = held.CreateClient();
        var body = SignUpBody();
        var key = Guid.NewGuid().ToString();

        var (first, retry) = await FirstThenRetryAsync(client, () => Keyed($"/meetings/{meeting}/registrations", body, key));

        await Expect(first, HttpStatusCode.Created);
        await Expect(retry, HttpStatusCode.Created);
        Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.True);
    }

    [Test]
    public async Task CreateHospital_WhenRetriedWhileTheFirstRequestIsStillFinishing_Replays()
    {
        await using var held = Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, HoldAfterWrite>()));
        using var client = held.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        var body = new { name = Unique("Held Hospital"), city = "Xining", province = "Qinghai", allianceRole = "member" };
        var key = Guid.NewGuid().ToString();

        var (first, retry) = await FirstThenRetryAsync(client, () => Keyed("/hospitals", body, key));

        await Expect(first, HttpStatusCode.Created);
        await Expect(retry, HttpStatusCode.Created);
        Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.True);
    }

    private static async Task<(HttpResponseMessage First, HttpResponseMessage Retry)> FirstThenRetryAsync(HttpClient client, Func<HttpRequestMessage> request)
    {
        var token = Guid.NewGuid().ToString();
        var first = request();
        first.Headers.Add(HoldHeader, token);
        var firstAnswer = await client.SendAsync(first, HttpCompletionOption.ResponseHeadersRead);
        var retry = request();
        retry.Headers.Add(ReleaseHeader, token);
        var retryAnswer = await client.SendAsync(retry);
        return (firstAnswer, retryAnswer);
    }

    private static HttpRequestMessage Keyed(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>For a request with the hold header: after each write of its response body (flushed to the client), waits
    /// until a request with the matching release header has been answered (at most 10 s).</summary>
    private sealed class HoldAfterWrite : IStartupFilter
    {
        private static readonly ConcurrentDictionary<string, TaskCompletionSource> Releases = new();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                if (context.Request.Headers.TryGetValue(HoldHeader, out var hold))
                {
                    var released = Releases.GetOrAdd(hold.ToString(), _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
                    context.Response.Body = new HoldingStream(context.Response.Body, released.Task);
                }

                await proceed(context);
                if (context.Request.Headers.TryGetValue(ReleaseHeader, out var release))
                {
                    Releases.GetOrAdd(release.ToString(), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            });
            next(app);
        };
    }

    private sealed class HoldingStream(Stream inner, Task released) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            await inner.FlushAsync(cancellationToken);
            await released.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
