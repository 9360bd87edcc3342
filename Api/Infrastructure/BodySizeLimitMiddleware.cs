namespace EventScheduler.Api.Infrastructure;

/// <summary>Caps request bodies (64 KiB) in every host, including the in-memory test server where
/// Kestrel's own limit does not apply.</summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next)
{
    public const long MaxBodyBytes = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new BadHttpRequestException("Body too large", StatusCodes.Status413PayloadTooLarge);
        }

        var feature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = MaxBodyBytes;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, MaxBodyBytes);
        if (HttpMethods.IsPatch(context.Request.Method))
        {
            // PATCH is a merge patch: the handler re-reads the body to learn which fields were sent.
            context.Request.EnableBuffering(bufferThreshold: (int)MaxBodyBytes);
        }

        return next(context);
    }

    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new BadHttpRequestException("Body too large", StatusCodes.Status413PayloadTooLarge) : read;
        }
    }
}
