using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace EventScheduler.Tests.Api.Email;

/// <summary>A real SMTP server (the SmtpServer package) on a loopback port of its own, inside the test process. It can
/// be stopped and started again on the same port (an outage), told to answer the next messages with an error, or to
/// hold the next message unanswered (<see cref="HoldNext"/>).</summary>
public sealed class SmtpTestServer : IDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly ConcurrentQueue<SmtpReplyCode> _scriptedReplies = new();
    private readonly ConcurrentQueue<HeldMessage> _holds = new();
    private readonly ConcurrentDictionary<string, (SmtpReplyCode Code, string Reply)> _rejected = new(StringComparer.OrdinalIgnoreCase);
    private CancellationTokenSource? _running;
    private Task? _task;

    public SmtpTestServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public IReadOnlyList<ReceivedMail> Received => _received.ToList();

    public bool IsRunning => _running is not null;

    public SmtpTestServer Start()
    {
        if (_running is not null)
        {
            return this;
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _task = server.StartAsync(_running.Token);
        WaitUntilListening();
        return this;
    }

    /// <summary>Stops listening; the mail worker's connections are refused until <see cref="Start"/>.</summary>
    public void Stop()
    {
        if (_running is null)
        {
            return;
        }

        _running.Cancel();
        try
        {
            _task?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Cancelled.
        }

        _running.Dispose();
        _running = null;
    }

    /// <summary>RCPT TO of <paramref name="address"/> is refused with <paramref name="code"/> and <paramref name="reply"/>, in which
    /// <c>{address}</c> stands for the address as the client sent it (as real servers quote it).</summary>
    public void RejectRecipient(string address, SmtpReplyCode code, string reply) => _rejected[address] = (code, reply);

    /// <summary>The next <paramref name="count"/> messages are answered with <paramref name="code"/> instead of 250.</summary>
    public void ReplyNext(SmtpReplyCode code, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _scriptedReplies.Enqueue(code);
        }
    }

    /// <summary>The next message is taken in full but never answered, until the hold is released or the server stops:
    /// the sender is left waiting for the reply to its DATA, not knowing whether the message was delivered (a relay that
    /// stalls). A released message is answered 421 and dropped, never stored.</summary>
    public HeldMessage HoldNext()
    {
        var hold = new HeldMessage();
        _holds.Enqueue(hold);
        return hold;
    }

    /// <summary>Messages whose To header or envelope (RCPT TO) names <paramref name="address"/>.</summary>
    public IReadOnlyList<ReceivedMail> To(string address) =>
        Received.Where(m => m.Message.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))
                            || m.RcptTo.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits (polling, with a deadline) until <paramref name="address"/> has received <paramref name="count"/> messages matching <paramref name="where"/>.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string address, int count = 1, Func<ReceivedMail, bool>? where = null, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = To(address).Where(where ?? (_ => true)).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (deadline.Elapsed > limit)
            {
                throw new AssertionException($"{address} received {found.Count} of {count} expected messages within {limit}; all received: "
                                             + string.Join("; ", Received.Select(m => $"{m.Message.To} {m.Message.Subject}")));
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => Stop();

    internal (SmtpReplyCode Code, string Reply)? Rejection(string address) => _rejected.TryGetValue(address, out var r) ? r : null;

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new InvalidOperationException($"The SMTP test server did not listen on port {Port}.");
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            if (owner._scriptedReplies.TryDequeue(out var code))
            {
                return new SmtpResponse(code, "Scripted by the test");
            }

            if (owner._holds.TryDequeue(out var hold))
            {
                hold.Reach();
                await hold.Released.WaitAsync(cancellationToken);
                return new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "Held by the test, not delivered");
            }

            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            // The envelope as the server took it (RCPT TO), which is where a message is delivered, whatever its To header says.
            owner._received.Enqueue(new ReceivedMail(message, raw) { RcptTo = transaction.To.Select(m => $"{m.User}@{m.Host}").ToList() });
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>A message the server holds unanswered (<see cref="SmtpTestServer.HoldNext"/>).</summary>
public sealed class HeldMessage
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a sender has handed the message over in full and waits for the reply.</summary>
    public Task Reached => _reached.Task;

    internal Task Released => _released.Task;

    public void Release() => _released.TrySetResult();

    internal void Reach() => _reached.TrySetResult();
}

/// <summary>Refuses the recipients a test named (<see cref="SmtpTestServer.RejectRecipient"/>) at RCPT TO.</summary>
file sealed class Filter(SmtpTestServer owner) : IMailboxFilter
{
    public Task<bool> CanAcceptFromAsync(ISessionContext context, SmtpServer.Mail.IMailbox from, int size, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from, CancellationToken cancellationToken)
    {
        var address = $"{to.User}@{to.Host}";
        if (owner.Rejection(address) is { } rejection)
        {
            throw new SmtpResponseException(new SmtpResponse(rejection.Code, rejection.Reply.Replace("{address}", address, StringComparison.Ordinal)));
        }

        return Task.FromResult(true);
    }
}

/// <summary>A message as the server received it: parsed, and the raw bytes (to check header encoding on the wire).</summary>
public sealed record ReceivedMail(MimeMessage Message, byte[] Raw)
{
    /// <summary>The envelope recipients (RCPT TO); empty for a message read from a pickup folder.</summary>
    public IReadOnlyList<string> RcptTo { get; init; } = [];

    public string RawText => System.Text.Encoding.ASCII.GetString(Raw);

    public string Text => Message.TextBody ?? "";

    public string Html => Message.HtmlBody ?? "";
}
